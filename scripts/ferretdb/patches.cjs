// Source patches applied to FerretDB 1.24.2 at build time (Go's `-overlay`: the module cache stays
// untouched). Each one replaces an exact snippet; the build fails if a snippet is not found, so a
// FerretDB upgrade cannot silently drop them. Why: docs/database.md § "FerretDB patches".
'use strict';

const MODULE = 'github.com/FerretDB/FerretDB';

const patches = [
  {
    // The `_id` filter SQL must be written like the unique index FerretDB creates on `_id`
    // (`_ferretdb_sjson->"_id"`), or SQLite cannot use that index and every lookup, update and
    // delete by `_id` scans the whole table.
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
  },
  {
    // Push an `_id` condition (a string or ObjectId, or `$in` of them) down to SQLite whatever else
    // the filter holds: every handler (find, update, delete, findAndModify, count, distinct,
    // aggregate) re-applies the whole filter to what the backend returns, so this only narrows the
    // scan. Upstream pushes down `{_id: <value>}` alone.
    file: 'internal/backends/sqlite/collection.go',
    find: `	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`,
    replace: `	if params.Filter.Len() > 0 && params.Filter.Has("_id") {
		whereClause, args = learningHubIDWhere(must.NotFail(params.Filter.Get("_id")))
	}
`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    append: `
// learningHubIDWhere returns the WHERE clause and arguments selecting the rows an _id condition
// can match, or nothing when the condition cannot be pushed down (the caller then scans).
func learningHubIDWhere(v any) (string, []any) {
	switch v := v.(type) {
	case string, types.ObjectID:
		return fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	case *types.Document:
		if v.Len() != 1 || !v.Has("$in") {
			return "", nil
		}
		arr, ok := must.NotFail(v.Get("$in")).(*types.Array)
		if !ok || arr.Len() == 0 || arr.Len() > 500 {
			return "", nil
		}
		args := make([]any, 0, arr.Len())
		for i := 0; i < arr.Len(); i++ {
			e := must.NotFail(arr.Get(i))
			switch e.(type) {
			case string, types.ObjectID:
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(e))))
			default:
				return "", nil
			}
		}
		return fmt.Sprintf(\` WHERE %s IN (?%s)\`, metadata.IDColumn, strings.Repeat(", ?", len(args)-1)), args
	}
	return "", nil
}
`,
  },
];

module.exports = { MODULE, patches };
