// The words at the root of the most used passwords in public breach lists, in English,
// Portuguese and Spanish (Tenure's languages), plus the name of the service itself. The rule in
// password.ts strips leading and trailing digits and symbols and undoes common letter-for-symbol
// swaps before looking a password up here, so "Password123!", "p@ssw0rd2024" and "football1990"
// are all found through one entry. Lower case, letters (and inner digits) only.
export const commonPasswordRoots: ReadonlySet<string> = new Set(
  `
password passw0rd passwd pass pwd secret letmein welcome login admin administrator root master
qwerty qwertz azerty asdf zxcv qazwsx trustno iloveyou iloveu loveyou lovely love lover
princess princesa sunshine shadow superman batman spiderman starwars pokemon matrix ninja
dragon monkey tiger lion eagle falcon hunter killer soccer football baseball basketball hockey
golf tennis jordan yankees cowboys lakers chelsea arsenal liverpool barcelona realmadrid
juventus milan michael michelle jennifer jessica ashley daniel nicole charlie thomas robert
andrew joshua matthew william anthony hannah jordan justin taylor amanda melissa george
computer internet google facebook youtube twitter instagram microsoft windows apple samsung
freedom whatever nothing anything something hello hellokitty summer winter autumn spring
flower flowers purple orange banana cookie chocolate cheese pepper ginger butter
maggie buster bailey ranger harley hammer thunder merlin jasmine jackson peanut snoopy
mustang ferrari porsche corvette mercedes chevy camaro silver golden diamond
blink abc abcd abcde abcdef money rich happy smile angel angels baby babygirl babyboy
beautiful sweet sweetheart honey darling sexy hottie badboy cutie friends family forever
blessed jesus christ god heaven faith trinity
changeme default guest user test tester testing demo sample example temp temporary
access secure security private system server database network office company business
manager support service services customer customers crm tenure
senha minhasenha senhas segredo amor meuamor teamo teamomuito amorzinho princesa brasil
flamengo corinthians palmeiras saopaulo santos vasco gremio internacional botafogo cruzeiro
fluminense atletico benfica porto sporting jesus deus deusefiel
contrasena contrasenya clave miclave secreto tequiero teamo amorcito mexico argentina
colombia espana chile peru futbol boca river madrid barca
ciao amore bonjour soleil chouchou hallo schatz
`
    .split(/\s+/)
    .filter(Boolean),
);
