using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

public class ReviewModel(IqfDbContext db) : MarkReviewedModel<JobRole>(db, "/Roles/Details");
