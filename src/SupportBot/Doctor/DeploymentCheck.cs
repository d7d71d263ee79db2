namespace SupportBot.Doctor;

internal enum CheckOutcome
{
    Passed,
    Skipped,
    Failed,
}

/// One line of doctor's checklist: what was checked, how it went, and what to fix when it failed.
internal sealed record DeploymentCheck(string Name, CheckOutcome Outcome, string Detail)
{
    public static DeploymentCheck Pass(string name, string detail) => new(name, CheckOutcome.Passed, detail);

    public static DeploymentCheck Skip(string name, string detail) => new(name, CheckOutcome.Skipped, detail);

    public static DeploymentCheck Fail(string name, string detail) => new(name, CheckOutcome.Failed, detail);
}
