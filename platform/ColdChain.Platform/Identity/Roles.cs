namespace ColdChain.Platform.Identity;

public static class Roles
{
    public const string Operator = "Operator";
    public const string Driver = "Driver";
    public const string ComplianceOfficer = "ComplianceOfficer";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Operator, Driver, ComplianceOfficer, Admin];
}
