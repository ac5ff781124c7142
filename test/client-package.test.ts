/**
 * @hub/client as other teams consume it: built to plain JavaScript with type declarations (no
 * TypeScript at run time), its label map generated from the schema's descriptions, its cache keys
 * from the supergraph's entity keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apolloTypePolicies, enumLabel, enumLabels, urqlKeys } from '@hub/client';
import { buildSchema, isEnumType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLIENT = path.join(ROOT, 'packages/client');
const node = process.execPath;

beforeAll(() => {
  execFileSync(node, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(CLIENT, 'tsconfig.build.json')], { cwd: CLIENT });
  execFileSync(node, [path.join(CLIENT, 'scripts/manifest.mjs')], { cwd: CLIENT });
}, 120_000);

describe('@hub/client, built', () => {
  it('is a JavaScript package with declarations that plain Node imports', () => {
    const manifest = JSON.parse(readFileSync(path.join(CLIENT, 'dist/package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({ types: './index.d.ts', default: './index.js' });
    const script = `
      const client = await import(${JSON.stringify(path.join(CLIENT, 'dist/index.js'))});
      console.log(JSON.stringify({
        kind: client.enumLabel('UnitKind', 'TOWNSHIP_PARTY_COMMITTEE'),
        doc: client.UnitDossierDocument.definitions[0].name.value,
        unitKey: client.urqlKeys.Unit({ __typename: 'Unit', code: '11340499MB0020001A' }),
        statsPolicy: client.apolloTypePolicies.YearStatistics,
        purpose: client.purposeHeaders('巡前通报准备'),
      }));`;
    const out = JSON.parse(execFileSync(node, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(out).toEqual({
      kind: '乡镇党委',
      doc: 'UnitDossier',
      unitKey: '11340499MB0020001A',
      statsPolicy: { keyFields: ['year'] },
      purpose: { 'X-Access-Purpose': encodeURIComponent('巡前通报准备') },
    });
  });

  it("types a consumer's code through the declarations (a wrong enum type or field does not compile)", () => {
    mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(path.join(ROOT, '.tmp/client-consumer-'));
    const dist = path.join(CLIENT, 'dist/index.js');
    writeFileSync(
      path.join(dir, 'consumer.ts'),
      `import { enumLabel, UnitDossierDocument, type UnitDossierQuery } from ${JSON.stringify(dist)};
       import type { ResultOf } from '@graphql-typed-document-node/core';
       const kind: string = enumLabel('UnitKind', 'VILLAGE');
       type Dossier = ResultOf<typeof UnitDossierDocument>;
       const name = (d: Dossier): string | undefined => d.unit?.name;
       const same: UnitDossierQuery | null = null as Dossier | null;
       export { kind, name, same };
       // @ts-expect-error not a field of the dossier
       export const wrong = (d: Dossier) => d.unit?.reporterName;
       // @ts-expect-error not an enum of the schema
       export const bad = enumLabel('NoSuchEnum', 'X');\n`,
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: [],
          skipLibCheck: false,
          typeRoots: [],
        },
        files: ['consumer.ts'],
      }),
    );
    try {
      execFileSync(node, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`the consumer does not type-check:\n${(error as { stdout?: string }).stdout}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the label map and cache keys, generated', () => {
  const schema = buildSchema(readFileSync(path.join(ROOT, 'api-schema.graphql'), 'utf8'));

  it('has the Chinese term of every value of every enum in the API schema', () => {
    const enums = Object.values(schema.getTypeMap()).filter((t) => isEnumType(t) && !t.name.startsWith('__'));
    expect(Object.keys(enumLabels).sort()).toEqual(enums.map((t) => t.name).sort());
    for (const type of enums) {
      if (!isEnumType(type)) continue;
      for (const value of type.getValues()) {
        const label = enumLabel(type.name as keyof typeof enumLabels, value.name);
        expect(value.description!.startsWith(`${label} — `), `${type.name}.${value.name}`).toBe(true);
        expect(label).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(enumLabel('DisposalMethod', 'INQUIRY_BY_TALK_OR_LETTER')).toBe('谈话函询');
  });

  it('keys Unit by code and YearStatistics by year; id-less value types are kept inside their parent', () => {
    expect(apolloTypePolicies.Unit).toEqual({ keyFields: ['code'] });
    expect(urqlKeys.YearStatistics!({ year: 2020 })).toBe('2020');
    expect(apolloTypePolicies.DisciplineDisposalCount).toEqual({ keyFields: false });
    expect(urqlKeys.DisciplineDisposalCount!({ method: 'CLOSED', count: 1 })).toBeNull();
    expect(apolloTypePolicies.Petition).toBeUndefined();
  });
});
