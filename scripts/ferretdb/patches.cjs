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
    // Push conditions down to SQLite whatever else the filter holds: `_id` (a string or ObjectId,
    // or `$in` of them) through its unique index, and string / ObjectId equality or `$in` on any
    // other top-level field that is a key of one of the collection's indexes (so SQLite has an
    // index to use), from the filter itself or its `$and` members. Every handler (find, update,
    // delete, findAndModify, count, distinct, aggregate) re-applies the whole filter to what the
    // backend returns, so a pushed-down condition may only narrow the scan, never drop a match:
    // `{f: "x"}` also matches an array holding "x", which SQL equality on the column does not, so a
    // field that any index names as multikey (index name containing "multikey") is never pushed
    // down. A prefix range on a string (`{$gte: "ab:", $lt: "ab;"}`) is pushed down as a range of
    // the column's JSON text. Upstream pushes down `{_id: <value>}` alone.
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
    replace: `	if params.Filter.Len() > 0 {
		whereClause, args = learningHubWhere(params.Filter, meta)
	}
`,
  },
  {
    // explain runs the same pushdown, so SQLite's plan (`SEARCH … USING INDEX …`) shows what a
    // query uses: tests/integration/database-pushdown.test.ts checks it.
    file: 'internal/backends/sqlite/collection.go',
    find: `	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			filterPushdown = true
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`,
    replace: `	if params.Filter.Len() > 0 {
		whereClause, args = learningHubWhere(params.Filter, meta)
		filterPushdown = whereClause != ""
	}
`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    append: `
// learningHubWhere returns the WHERE clause and arguments for the conditions of filter that
// can be pushed down (see patches.cjs), or nothing (the caller then scans).
func learningHubWhere(filter *types.Document, meta *metadata.Collection) (string, []any) {
	indexed := map[string]bool{}
	multikey := map[string]bool{}
	for _, index := range meta.Settings.Indexes {
		for _, key := range index.Key {
			indexed[key.Field] = true
			if strings.Contains(strings.ToLower(index.Name), "multikey") {
				multikey[key.Field] = true
			}
		}
	}

	var conds []string
	var args []any
	seen := map[string]bool{}
	add := func(field string, v any) {
		if seen[field] {
			return
		}
		column := metadata.IDColumn
		if field != "_id" {
			if !indexed[field] || multikey[field] || strings.ContainsAny(field, ".$") || strings.ContainsRune(field, 34) || strings.ContainsRune(field, 92) {
				return
			}
			column = fmt.Sprintf("%s->%q", metadata.DefaultColumn, field)
		}
		cond, a := learningHubCondition(column, v)
		if cond == "" {
			return
		}
		seen[field] = true
		conds = append(conds, cond)
		args = append(args, a...)
	}

	// The filter's fields and those of its "$and" members (a conjunction at any depth).
	var walk func(doc *types.Document)
	walk = func(doc *types.Document) {
		for _, field := range doc.Keys() {
			v := must.NotFail(doc.Get(field))
			if field != "$and" {
				add(field, v)
				continue
			}
			if and, ok := v.(*types.Array); ok {
				for i := 0; i < and.Len(); i++ {
					if sub, ok := must.NotFail(and.Get(i)).(*types.Document); ok {
						walk(sub)
					}
				}
			}
		}
	}
	walk(filter)

	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// learningHubCondition returns the SQL condition selecting the rows where column may equal v (a
// string or ObjectId, {$eq: one of them}, or {$in: [...]} of at most 500 of them), or "".
func learningHubCondition(column string, v any) (string, []any) {
	switch v := v.(type) {
	case string, types.ObjectID:
		return fmt.Sprintf(\`%s = ?\`, column), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	case *types.Document:
		if lo, hi, ok := learningHubPrefixRange(v); ok {
			// Every string in [lo, hi) starts with lo, so its JSON text starts with a quote and lo
			// verbatim (plain characters), and sorts between the two bounds below.
			q := string(rune(34))
			return fmt.Sprintf(\`%s >= ? AND %s < ?\`, column, column), []any{q + lo, q + hi}
		}
		if v.Len() != 1 {
			return "", nil
		}
		if v.Has("$eq") {
			switch e := must.NotFail(v.Get("$eq")).(type) {
			case string, types.ObjectID:
				return learningHubCondition(column, e)
			}
			return "", nil
		}
		if !v.Has("$in") {
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
		return fmt.Sprintf(\`%s IN (?%s)\`, column, strings.Repeat(", ?", len(args)-1)), args
	}
	return "", nil
}

// learningHubPrefixRange recognizes a prefix range, {$gt or $gte: lo, $lt: hi} where hi is lo
// with its last character incremented (the strings that start with lo, e.g. an enrolment's
// progress records "<id>:" … "<id>;"), both made of characters JSON writes verbatim and that
// sort after the quote (0x23-0x7e except the backslash and the HTML-escaped < > &).
func learningHubPrefixRange(v *types.Document) (string, string, bool) {
	if v.Len() != 2 || !v.Has("$lt") {
		return "", "", false
	}
	low := "$gt"
	if v.Has("$gte") {
		low = "$gte"
	} else if !v.Has("$gt") {
		return "", "", false
	}
	lo, ok1 := must.NotFail(v.Get(low)).(string)
	hi, ok2 := must.NotFail(v.Get("$lt")).(string)
	n := len(lo)
	if !ok1 || !ok2 || n == 0 || len(hi) != n || lo[:n-1] != hi[:n-1] || hi[n-1] != lo[n-1]+1 {
		return "", "", false
	}
	for _, s := range []string{lo, hi} {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < 0x23 || c > 0x7e || c == 0x5c || c == 0x3c || c == 0x3e || c == 0x26 {
				return "", "", false
			}
		}
	}
	return lo, hi, true
}
`,
  },
];

module.exports = { MODULE, patches };
