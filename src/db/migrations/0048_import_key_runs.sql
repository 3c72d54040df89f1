CREATE TABLE "import_key_runs" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"first_row" integer NOT NULL,
	"keys" text[] NOT NULL,
	"row_numbers" integer[] NOT NULL,
	CONSTRAINT "import_key_runs_workspace_id_import_id_first_row_pk" PRIMARY KEY("workspace_id","import_id","first_row")
);
