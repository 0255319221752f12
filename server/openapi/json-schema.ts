import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Where shared schemas (those with `.meta({ id })`) end up in the document. */
const COMPONENTS = '#/components/schemas/';

interface Converted {
  readonly schema: JsonSchema;
  readonly defs: Record<string, JsonSchema>;
}

/** Conversions are pure, so they are shared by every document built in this process (tests build several). */
const CACHE = { input: new WeakMap<z.ZodType, Converted>(), output: new WeakMap<z.ZodType, Converted>() };

/**
 * Converts zod schemas to JSON Schema draft 2020-12 (OpenAPI 3.1's dialect), collecting every
 * schema that carries an id into one `components.schemas` map. Request parts are converted as
 * their input type (what a client sends), responses as their output type (what it receives).
 */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema`, with `$ref`s into components for shared pieces. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    let converted = CACHE[io].get(schema);
    if (!converted) {
      const raw = z.toJSONSchema(schema, {
        target: 'draft-2020-12',
        io,
        unrepresentable: 'any',
      }) as JsonSchema;
      const { $schema: _dialect, $defs, ...rest } = raw;
      const rewritten = JSON.parse(
        JSON.stringify({ rest, $defs: $defs ?? {} }).replaceAll('"#/$defs/', `"${COMPONENTS}`),
      );
      converted = { schema: rewritten.rest, defs: rewritten.$defs };
      CACHE[io].set(schema, converted);
    }
    Object.assign(this.components, converted.defs);
    return converted.schema;
  }
}
