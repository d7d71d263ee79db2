using SupportBot.Cli;
using SupportBot.Tests.Storage;

namespace SupportBot.Tests.Cli;

/// The built host as a user runs it from a shell: every command has --help, and an unknown command or flag is an
/// error with a non-zero exit instead of a server that starts (or a flag that is silently ignored).
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("deploy")]
    [InlineData("injest")]
    public async Task An_unknown_command_fails_and_names_it(string command)
    {
        var (exit, output) = await MigrationTests.RunHostAsync(command);

        Assert.NotEqual(0, exit);
        Assert.Contains($"Unrecognized command or argument '{command}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_prints_what_to_fix_and_exits_one_when_a_check_fails()
    {
        var (exit, output) = await MigrationTests.RunHostAsync("doctor", "--Web:PublicBaseUrl=http://support.example.com");

        Assert.Equal(1, exit);
        Assert.Contains("Public address", output, StringComparison.Ordinal);
        Assert.Contains("Web:PublicBaseUrl", output, StringComparison.Ordinal);
        Assert.Contains("1 to fix.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_fails_instead_of_being_ignored()
    {
        var (exit, output) = await MigrationTests.RunHostAsync("eval", "--knowledge", "kb", "--questions", "q.jsonl", "--output", "r.json", "--threshold", "x");

        Assert.NotEqual(0, exit);
        Assert.Contains("Unrecognized command or argument '--threshold'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_or_an_out_of_range_value_is_named()
    {
        var missing = await MigrationTests.RunHostAsync("eval", "--knowledge", "kb");
        var outOfRange = await MigrationTests.RunHostAsync("seed-demo", "--days", "0");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("--questions", missing.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, outOfRange.ExitCode);
        Assert.Contains("--days takes a whole number from 1 to 730, not 0.", outOfRange.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("ingest")]
    [InlineData("migrate")]
    [InlineData("import-touchpoints")]
    [InlineData("teams-manifest")]
    [InlineData("eval")]
    [InlineData("seed-demo")]
    public async Task Every_command_explains_itself_with_help(string command)
    {
        var (exit, output) = await MigrationTests.RunHostAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains($"SupportBot {command}", output, StringComparison.Ordinal);
        Assert.Contains("Description:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_go_to_the_host_and_everything_else_to_the_command()
    {
        var (command, host) = HostArguments.Split(
            ["seed-demo", "--days", "30", "--seed=7", "--Storage:Provider=postgres", "--Knowledge:Path", "kb", "--urls", "http://127.0.0.1:5000", "/Bot:MicrosoftAppId=x", "--Storage=", "--topics", "y"],
            new HashSet<string> { "--days", "--seed" });

        Assert.Equal(["seed-demo", "--days", "30", "--seed=7", "--topics", "y"], command);
        Assert.Equal(["--Storage:Provider=postgres", "--Knowledge:Path", "kb", "--urls", "http://127.0.0.1:5000", "/Bot:MicrosoftAppId=x", "--Storage="], host);
    }
}
