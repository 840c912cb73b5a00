using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards.Suites;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<NosSuite>(db, "/Standards/Suites/Details");
