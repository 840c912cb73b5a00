using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<OccupationalStandard>(db, "/Standards/Details");
