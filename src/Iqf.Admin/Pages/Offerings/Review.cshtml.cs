using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Offerings;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<ProviderOffering>(db, "/Offerings/Details");
