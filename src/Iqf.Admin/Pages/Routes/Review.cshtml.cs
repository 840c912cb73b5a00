using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Routes;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<ProgressionRoute>(db, "/Routes/Details");
