namespace Iqf.Data.Import;

/// <summary>One problem with the input: where it is (line and column as a spreadsheet shows them) and what is wrong.</summary>
/// <param name="Column">the column's name in the header, or null when the problem is the whole row or file</param>
public sealed record ImportError(long Line, string? Column, string Message)
{
    /// <summary>"file:line: column: message", the one-line form the command line prints.</summary>
    public string Format(string file) => $"{file}:{Line}: {(Column is null ? "" : Column + ": ")}{Message}";
}

/// <summary>One field of one record that the import changes (before is null for a new record).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>What the import does to one record: "new" or "updated", with its field changes.</summary>
public sealed record RecordChange(long Line, string Key, string Action, IReadOnlyList<FieldChange> Fields);

/// <summary>How an import is run.</summary>
/// <param name="Actor">who the history records as making the changes</param>
public sealed record ImportOptions(string Actor, bool DryRun = false, bool CreateOrganisations = false, bool AllowSimilar = false);

/// <summary>
/// What an import found and did. <see cref="Written"/> is true only when the file was valid and
/// not a dry run; whenever there are errors nothing was written.
/// </summary>
public sealed class ImportReport
{
    public required string Kind { get; init; }
    public required string File { get; init; }
    public bool DryRun { get; init; }
    public long Rows { get; set; }
    public int New { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<ImportError> Errors { get; init; } = [];
    /// <summary>Errors beyond the first <see cref="Importer.MaxErrors"/> are counted, not listed.</summary>
    public long MoreErrors { get; set; }
    public List<RecordChange> Changes { get; init; } = [];
    /// <summary>Things worth knowing that do not stop the import (e.g. an organisation created).</summary>
    public List<string> Notes { get; init; } = [];
    public bool Written { get; set; }
    public bool Valid => Errors.Count == 0;
}
