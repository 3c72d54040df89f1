// Upload a CSV or NDJSON file (POST /imports, imports:run): the file goes as the raw request body
// (the route takes text/csv or application/x-ndjson, not multipart), with what it holds and, for a
// CSV, its delimiter. The server checks the header before it stores the file, so a wrong file is
// refused at once with the reason; a good one is queued and the list follows its progress.
import { Button, FileInput, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { entities, type ImportDto, type ImportEntity, importsKey, uploadType } from './model.ts';

/** Each delimiter the route takes, and the key of its name. */
const delimiterNames = { ',': 'comma', ';': 'semicolon', '|': 'pipe', tab: 'tab' } as const;
type Delimiter = keyof typeof delimiterNames;
const delimiters = Object.keys(delimiterNames) as Delimiter[];

export function UploadImport({ onUploaded }: { onUploaded: (created: ImportDto) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [entity, setEntity] = useState<ImportEntity>('customers');
  const [delimiter, setDelimiter] = useState<Delimiter>(',');
  const type = file ? uploadType(file.name) : 'text/csv';
  const upload = useMutation({
    mutationFn: (f: File) =>
      api.POST('/imports', {
        params: {
          query: { entity, fileName: f.name, ...(type === 'text/csv' && delimiter !== ',' ? { delimiter } : {}) },
        },
        // The typed body is the file's text; the File itself is sent instead, so a large file is
        // streamed by the browser rather than read into memory.
        body: '',
        bodySerializer: () => f,
        headers: { 'Content-Type': type },
      }),
    onSuccess: (created) => {
      setFile(null);
      void qc.invalidateQueries({ queryKey: importsKey });
      onUploaded(created);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="import-upload">
      <Stack gap="sm">
        <Text fw={500}>{t('imports.upload.title')}</Text>
        <Group align="flex-end" wrap="wrap">
          <FileInput
            w={280}
            label={t('imports.upload.file')}
            placeholder={t('imports.upload.choose')}
            accept=".csv,.txt,.ndjson,.jsonl,text/csv,application/x-ndjson"
            value={file}
            onChange={setFile}
            clearable
            required
          />
          <Select
            w={200}
            label={t('imports.upload.entity')}
            data={entities.map((e) => ({ value: e, label: t(`imports.entities.${e}`) }))}
            value={entity}
            onChange={(v) => v && setEntity(v as ImportEntity)}
            allowDeselect={false}
          />
          {type === 'text/csv' && (
            <Select
              w={160}
              label={t('imports.upload.delimiter')}
              data={delimiters.map((d) => ({ value: d, label: t(`imports.upload.delimiters.${delimiterNames[d]}`) }))}
              value={delimiter}
              onChange={(v) => v && setDelimiter(v as Delimiter)}
              allowDeselect={false}
            />
          )}
          <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.isPending} disabled={!file}>
            {t('imports.upload.submit')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('imports.upload.hint')}
        </Text>
        {upload.isError && <ErrorState error={upload.error} />}
        {upload.isSuccess && (
          <Text size="sm" c="teal" role="status">
            {t('imports.upload.queued')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
