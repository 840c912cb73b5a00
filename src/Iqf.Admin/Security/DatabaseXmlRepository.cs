using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Iqf.Admin.Security;

/// <summary>
/// Keeps the ASP.NET Data Protection key ring (which protects sign-in and anti-forgery cookies)
/// in PostgreSQL, so every node of the site reads and writes the same keys and a restart does
/// not sign everyone out. The EF-based store is not in our package source (decision 6).
/// </summary>
public sealed class DatabaseXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("select xml from data_protection_key order by id", conn);
        using var r = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (r.Read()) elements.Add(XElement.Parse(r.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("insert into data_protection_key (friendly_name, xml) values (@n, @x)", conn);
        cmd.Parameters.AddWithValue("n", friendlyName);
        cmd.Parameters.AddWithValue("x", element.ToString(SaveOptions.DisableFormatting));
        cmd.ExecuteNonQuery();
    }
}
