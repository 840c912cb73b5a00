using Iqf.Domain;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

public class DomainRulesTests
{
    [Theory]
    [InlineData("603/5829/4", "603/5829/4")]
    [InlineData("60358294", "603/5829/4")]
    [InlineData(" 603 / 5829 / 4 ", "603/5829/4")]
    [InlineData("5001234x", "500/1234/X")]
    [InlineData("eyq-101", "EYQ-101")]
    [InlineData("NVQ3-CCLD", "NVQ3-CCLD")]
    public void References_are_normalised_to_one_spelling(string given, string stored) =>
        QualificationReference.Normalise(given).ShouldBe(stored);

    [Theory]
    [InlineData("")]
    [InlineData("603/5829")]
    [InlineData("12")]
    [InlineData("1ABC")]
    [InlineData("AB")]
    [InlineData("HAS SPACE")]
    public void Things_that_are_not_references_are_refused(string given) =>
        QualificationReference.Normalise(given).ShouldBeNull();

    [Fact]
    public async Task The_database_normalises_references_exactly_as_the_code_does()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: false);
        foreach (var text in new[] { "60358294", " 603/5829/4 ", "5001234x", "eyq-101", "NVQ3-CCLD" })
        {
            await using var conn = new Npgsql.NpgsqlConnection(cs);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("select normalise_reference(@t)", conn);
            cmd.Parameters.AddWithValue("t", text);
            ((string)(await cmd.ExecuteScalarAsync())!).ShouldBe(QualificationReference.Normalise(text), text);
        }
    }

    [Theory]
    [InlineData("3", new[] { "3" })]
    [InlineData("Level 3", new[] { "3" })]
    [InlineData("L3", new[] { "3" })]
    [InlineData("level 8", new[] { "8" })]
    [InlineData("Entry Level", new[] { "Entry" })]
    [InlineData("Entry 3", new[] { "Entry 3" })]
    [InlineData("Entry Level 2", new[] { "Entry 2" })]
    [InlineData("E1", new[] { "Entry 1" })]
    [InlineData("Level 1/2", new[] { "1", "2" })]
    [InlineData("1/2", new[] { "1", "2" })]
    [InlineData("Entry 3/Level 1", new[] { "Entry 3", "1" })]
    [InlineData("", new string[0])]
    public void Levels_are_read_in_their_common_spellings(string given, string[] codes) =>
        LevelSpelling.Parse(given).ShouldBe(codes);

    [Theory]
    [InlineData("Level 10")]
    [InlineData("Advanced")]
    [InlineData("3/3")]
    [InlineData("Entry 4")]
    public void Unknown_level_spellings_are_refused(string given) => LevelSpelling.Parse(given).ShouldBeNull();
}
