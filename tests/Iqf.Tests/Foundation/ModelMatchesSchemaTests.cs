using Iqf.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Iqf.Tests.Foundation;

/// <summary>
/// The SQL migrations are the schema; the EF model is a map of it. This compares the two table
/// by table (columns, types, nullability, primary keys) so they can never drift apart.
/// </summary>
public class ModelMatchesSchemaTests(EmptyDatabase db) : IClassFixture<EmptyDatabase>
{
    // Tables that belong to the machinery rather than the model (import_upload is read and written with Dapper only).
    private static readonly HashSet<string> NotModelled = ["schema_migrations", "import_upload"];

    private sealed record Column(string Type, bool Nullable);

    private async Task<Dictionary<string, Dictionary<string, Column>>> DatabaseTablesAsync()
    {
        var tables = new Dictionary<string, Dictionary<string, Column>>();
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), not a.attnotnull
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where n.nspname = 'public' and c.relkind = 'r'
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            if (NotModelled.Contains(r.GetString(0)) || r.GetString(0).StartsWith("qrtz_")) continue;
            if (!tables.TryGetValue(r.GetString(0), out var cols)) tables[r.GetString(0)] = cols = [];
            cols[r.GetString(1)] = new Column(r.GetString(2), r.GetBoolean(3));
        }
        return tables;
    }

    private async Task<Dictionary<string, string[]>> DatabasePrimaryKeysAsync()
    {
        var keys = new Dictionary<string, string[]>();
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select c.conrelid::regclass::text, array_agg(a.attname::text order by a.attname)
            from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
            where c.contype = 'p' and c.connamespace = 'public'::regnamespace
            group by c.conrelid
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) keys[r.GetString(0)] = r.GetFieldValue<string[]>(1);
        return keys;
    }

    [Fact]
    public async Task Every_table_and_column_of_the_schema_is_in_the_model_and_the_other_way_round()
    {
        var database = await DatabaseTablesAsync();
        var primaryKeys = await DatabasePrimaryKeysAsync();
        await using var ctx = Contexts.Create(db.ConnectionString);
        var problems = new List<string>();
        var modelled = new HashSet<string>();

        foreach (var entity in ctx.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            modelled.Add(table);
            if (!database.TryGetValue(table, out var columns)) { problems.Add($"model table {table} is not in the schema"); continue; }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var seen = new HashSet<string>();
            foreach (var p in entity.GetProperties())
            {
                var name = p.GetColumnName(store)!;
                if (name == "xmin")
                {
                    if (p.GetColumnType() != "xid" || !p.IsConcurrencyToken) problems.Add($"{table}.xmin must be an xid concurrency token");
                    continue;
                }
                seen.Add(name);
                if (!columns.TryGetValue(name, out var column)) { problems.Add($"model column {table}.{name} is not in the schema"); continue; }
                var modelType = p.GetColumnType();
                if (!SameType(modelType, column.Type)) problems.Add($"{table}.{name}: model type {modelType}, schema type {column.Type}");
                if (p.IsColumnNullable(store) != column.Nullable)
                    problems.Add($"{table}.{name}: model {(p.IsColumnNullable(store) ? "nullable" : "not null")}, schema {(column.Nullable ? "nullable" : "not null")}");
            }
            problems.AddRange(columns.Keys.Where(c => !seen.Contains(c)).Select(c => $"schema column {table}.{c} is not in the model"));

            var modelKey = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(store)!).Order(StringComparer.Ordinal).ToArray();
            var schemaKey = primaryKeys.GetValueOrDefault(table, []).Order(StringComparer.Ordinal).ToArray();
            if (!modelKey.SequenceEqual(schemaKey))
                problems.Add($"{table}: model key ({string.Join(", ", modelKey)}), schema key ({string.Join(", ", schemaKey)})");
        }
        problems.AddRange(database.Keys.Where(t => !modelled.Contains(t)).Select(t => $"schema table {t} is not in the model"));

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    private static bool SameType(string model, string schema) =>
        string.Equals(Normalise(model), Normalise(schema), StringComparison.Ordinal);

    private static string Normalise(string type) => type.ToLowerInvariant().Replace(" ", "") switch
    {
        "timestamptz" => "timestampwithtimezone",
        "int" or "int4" => "integer",
        "int8" => "bigint",
        "int2" => "smallint",
        "bool" => "boolean",
        "varchar(256)" => "charactervarying(256)",
        "char(1)" => "character(1)",
        var t => t,
    };
}
