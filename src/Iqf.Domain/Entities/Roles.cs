namespace Iqf.Domain.Entities;

public class JobRole : CuratedRecord
{
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>1 to 6: the career levels of the 2005 strategy (the CAREER framework).</summary>
    public short? CareerLevel { get; set; }
    /// <summary>"central" or "wider" children's workforce.</summary>
    public string? Workforce { get; set; }
    public string Status { get; set; } = Vocabulary.RoleStatus.Established;
    public string? MandatoryRequirement { get; set; }
    public long? RegistrationBodyId { get; set; }
    public Organisation? RegistrationBody { get; set; }
    public List<JobRoleAlias> Aliases { get; set; } = [];
    public List<JobRoleCluster> Clusters { get; set; } = [];
    public List<RoleQualification> Qualifications { get; set; } = [];
}

public class JobRoleAlias
{
    public long JobRoleId { get; set; }
    public string Alias { get; set; } = "";
}

public class JobRoleCluster
{
    public long JobRoleId { get; set; }
    public int SchemeId { get; set; }
    public int ClusterId { get; set; }
    public Cluster? Cluster { get; set; }
}

public class RoleQualification
{
    public long JobRoleId { get; set; }
    public JobRole? JobRole { get; set; }
    public long QualificationId { get; set; }
    public Qualification? Qualification { get; set; }
    public string Relevance { get; set; } = "core";
    public string Requirement { get; set; } = "recommended";
    public bool Significant { get; set; } = true;
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? Conditions { get; set; }
}

public class ProgressionRoute : CuratedRecord
{
    public long? FromRoleId { get; set; }
    public JobRole? FromRole { get; set; }
    public long? FromQualificationId { get; set; }
    public Qualification? FromQualification { get; set; }
    public long? ToRoleId { get; set; }
    public JobRole? ToRole { get; set; }
    public long? ToQualificationId { get; set; }
    public Qualification? ToQualification { get; set; }
    public string Direction { get; set; } = "vertical";
    public string Mechanism { get; set; } = "direct";
    public string? Notes { get; set; }
    public List<RouteViaQualification> ViaQualifications { get; set; } = [];
    public List<RouteViaModule> ViaModules { get; set; } = [];
}

public class RouteViaQualification
{
    public long RouteId { get; set; }
    public long QualificationId { get; set; }
    public Qualification? Qualification { get; set; }
    public int Position { get; set; }
}

public class RouteViaModule
{
    public long RouteId { get; set; }
    public long ModuleId { get; set; }
    public Module? Module { get; set; }
    public int Position { get; set; }
}
