using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Modules;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<Module>(db, "/Modules/Details");
