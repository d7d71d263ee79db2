using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;

namespace SupportBot.Tests.Security;

/// Properties of where the bot may send, over serviceUrls built to look trusted: lookalike hosts, user info, ports,
/// odd schemes, trailing dots, case and random text. Whatever the string, the check never throws, and it lets a URL
/// through only when the connection would really go to a trusted host over https (with an app id) or to this machine
/// (without one). SUPPORTBOT_FUZZ_RUNS runs more cases.
public sealed class ServiceUrlTrustPropertyTests
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 500;

    private static Config Settings => Config.QuickThrowOnFailure.WithMaxTest(Runs);

    private static readonly string[] ExactHosts = ["smba.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us", "smba.infra.dod.teams.microsoft.us"];
    private static readonly string[] Domains = ["botframework.com", "botframework.azure.us", "botframework.us"];

    private static readonly BotFrameworkOptions WithAppId = new() { MicrosoftAppId = "11111111-2222-3333-4444-555555555555" };
    private static readonly BotFrameworkOptions WithoutAppId = new();

    /// What an attacker would try: trusted names bent a little, wrapped, or replaced.
    private static Gen<string> ServiceUrls()
    {
        var trusted = Gen.Elements([.. ExactHosts, .. Domains.Select(d => "europe." + d), .. Domains]);
        var bent = from host in trusted
                   from bend in Gen.Choose(0, 9)
                   select bend switch
                   {
                       0 => host,
                       1 => host + ".evil.example",
                       2 => "evil" + host,
                       3 => "x." + host,
                       4 => host.ToUpperInvariant(),
                       5 => host + ".",
                       6 => host.Replace('.', '。'),
                       7 => $"{host}@evil.example",
                       8 => $"evil.example\\@{host}",
                       _ => "x.trafficmanager.net",
                   };
        var other = Gen.Elements("127.0.0.1", "localhost", "[::1]", "10.0.0.5", "169.254.169.254", "0x7f000001", "127.1", "evil.example");
        var hosts = Gen.Frequency((4, bent), (2, other));
        var urls = from scheme in Gen.Elements("https", "http", "HTTPS", "ftp", "file", "javascript")
                   from userInfo in Gen.Elements("", "user@", "smba.trafficmanager.net@")
                   from host in hosts
                   from port in Gen.Elements("", ":443", ":8443", ":0")
                   from path in Gen.Elements("/", "/teams/", "/%2e%2e/", "//evil.example/", "?x=https://smba.trafficmanager.net/")
                   select $"{scheme}://{userInfo}{host}{port}{path}";
        var random = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty);
        return Gen.Frequency((5, urls), (1, random));
    }

    private static bool IsTrustedHost(string host)
        => ExactHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
            || Domains.Any(d => host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void With_an_app_id_only_https_to_a_trusted_host_is_let_through()
        => Check.One(Settings, Prop.ForAll(ServiceUrls().ToArbitrary(), text =>
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
            {
                return;
            }
            if (ServiceUrlTrust.Refusal(url, WithAppId) is null)
            {
                // Loopback http is allowed only with AllowHttpOnLoopback, which these settings leave off.
                Assert.True(url.Scheme == Uri.UriSchemeHttps && IsTrustedHost(url.IdnHost), $"let through: {text} (host {url.IdnHost})");
            }
        }));

    [Fact]
    public void Without_an_app_id_only_this_machine_is_let_through()
        => Check.One(Settings, Prop.ForAll(ServiceUrls().ToArbitrary(), text =>
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && ServiceUrlTrust.Refusal(url, WithoutAppId) is null)
            {
                Assert.True(url.IsLoopback && url.Scheme is "http" or "https", $"let through: {text} (host {url.IdnHost})");
            }
        }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://europe.botframework.com/")]
    [InlineData("https://SMBA.trafficmanager.net/amer/")]
    public void The_real_channel_hosts_are_let_through(string url)
        => Assert.Null(ServiceUrlTrust.Refusal(new Uri(url), WithAppId));
}
