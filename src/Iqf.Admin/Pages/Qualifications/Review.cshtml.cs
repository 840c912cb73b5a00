using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Qualifications;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<Qualification>(db, "/Qualifications/Details");
