import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Where shared schemas (those with `.meta({ id })`) end up in the document. */
const COMPONENTS = '#/components/schemas/';

/**
 * Converts zod schemas to JSON Schema draft 2020-12 (OpenAPI 3.1's dialect), collecting every
 * schema that carries an id into one `components.schemas` map. Request parts are converted as
 * their input type (what a client sends), responses as their output type (what it receives).
 */
export class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};
  private readonly cache = {
    input: new WeakMap<z.ZodType, JsonSchema>(),
    output: new WeakMap<z.ZodType, JsonSchema>(),
  };

  /** The JSON Schema of `schema`, with `$ref`s into components for shared pieces. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const cached = this.cache[io].get(schema);
    if (cached) return cached;
    const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = raw;
    const rewritten = JSON.parse(
      JSON.stringify({ rest, $defs: $defs ?? {} }).replaceAll('"#/$defs/', `"${COMPONENTS}`),
    );
    Object.assign(this.components, rewritten.$defs);
    this.cache[io].set(schema, rewritten.rest);
    return rewritten.rest;
  }
}
