// graphql-codegen plugin: the label map (Chinese term of every enum value and enum type, taken from
// the schema's descriptions "中文 — English") and the cache keys of the entities whose key is not `id`
// (taken from the supergraph's @join__type keys), so front ends never write them by hand.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { isEnumType, isObjectType, parse, Kind } = require('graphql');

/** "乡镇党委 — Township party committee." → "乡镇党委" */
function chineseTerm(description, where) {
  const text = (description ?? '').trim();
  const [term] = text.split(/\s+—\s+/);
  if (!term || term === text && !/[\u4e00-\u9fff]/.test(term)) throw new Error(`${where}: description "${text}" has no Chinese term before " — "`);
  return term.trim();
}

/** Entity keys other than `id`, from the supergraph's @join__type(key: …) directives. */
function entityKeys(supergraphPath) {
  const document = parse(readFileSync(supergraphPath, 'utf8'));
  const keys = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type') continue;
      const key = directive.arguments?.find((a) => a.name.value === 'key');
      if (key?.value.kind !== Kind.STRING) continue;
      const fields = key.value.value.trim().split(/\s+/);
      if (fields.length === 1 && fields[0] === 'id') continue;
      keys[definition.name.value] = fields;
    }
  }
  return keys;
}

module.exports = {
  plugin(schema, _documents, config) {
    const enums = Object.values(schema.getTypeMap())
      .filter((type) => isEnumType(type) && !type.name.startsWith('__'))
      .sort((a, b) => a.name.localeCompare(b.name));
    const lines = [];
    lines.push('/** 枚举类型的中文名称 — the Chinese name of each enum type, from its description. */');
    lines.push('export const enumTypeLabels = {');
    for (const type of enums) lines.push(`  ${type.name}: ${JSON.stringify(chineseTerm(type.description, type.name))},`);
    lines.push('} as const;', '');
    lines.push('/** 枚举值的中文术语 — the Chinese term of every enum value, from its description. */');
    lines.push('export const enumLabels = {');
    for (const type of enums) {
      lines.push(`  ${type.name}: {`);
      for (const value of type.getValues()) lines.push(`    ${value.name}: ${JSON.stringify(chineseTerm(value.description, `${type.name}.${value.name}`))},`);
      lines.push('  },');
    }
    lines.push('} as const;', '');
    const keys = entityKeys(path.resolve(config.supergraph ?? 'supergraph.graphql'));
    for (const [typeName] of Object.entries(keys)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) delete keys[typeName];
    }
    lines.push('/** 以非 id 字段为键的实体 — entities whose key is not `id`, with their key fields (from the supergraph). */');
    lines.push(`export const entityKeyFields = ${JSON.stringify(keys)} as const;`, '');
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t.name));
    const embedded = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name) && !keys[type.name] && !type.getFields().id)
      .map((type) => type.name)
      .sort();
    lines.push('/** 无标识的嵌入类型 — object types without `id` or key: cached inside their parent, never on their own. */');
    lines.push(`export const embeddedTypes = ${JSON.stringify(embedded)} as const;`, '');
    return lines.join('\n');
  },
};
