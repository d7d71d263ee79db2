namespace SupportBot.Doctor;

internal sealed class DoctorOptions
{
    public const string Section = "Doctor";

    /// Run doctor's checks (all but the language model) at every start and log failures as warnings.
    public bool AtStart { get; set; } = true;
}
