using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Organisations;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<Organisation>(db, "/Organisations/Details");
