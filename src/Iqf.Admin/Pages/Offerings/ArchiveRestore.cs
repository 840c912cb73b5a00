using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Iqf.Admin.Pages.Offerings;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<ProviderOffering>(db, archiving: true)
{
    protected override string DetailsPath => $"/Offerings/Details/{Id}";
    public override string Describe(ProviderOffering o) => OfferingName.Of(HttpContext.RequestServices.GetRequiredService<IqfDbContext>(), o);
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<ProviderOffering>(db, archiving: false)
{
    protected override string DetailsPath => $"/Offerings/Details/{Id}";
    public override string Describe(ProviderOffering o) => OfferingName.Of(HttpContext.RequestServices.GetRequiredService<IqfDbContext>(), o);
}

/// <summary>
/// An offering as people name it: what, by whom, where and how. The archive pages look the names
/// up through the request's own context (the one their base class uses).
/// </summary>
public static class OfferingName
{
    public static string Of(IqfDbContext db, ProviderOffering o)
    {
        var reference = db.Qualifications.AsNoTracking().Where(q => q.Id == o.QualificationId).Select(q => q.Reference).First();
        var provider = db.Organisations.AsNoTracking().Where(p => p.Id == o.ProviderId).Select(p => p.Name).First();
        return $"the offering of {reference} at {provider} ({OfferingSearch.RegionLabel(o.Region)}, {OfferingSearch.ModeLabel(o.Mode).ToLowerInvariant()})";
    }
}
