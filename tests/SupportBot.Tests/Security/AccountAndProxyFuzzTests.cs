using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Tests.Customers;

namespace SupportBot.Tests.Security;

/// The input paths the account actions and the reverse-proxy support added: a supervisor's account action with any
/// body and any account id, and any forwarded header a client sends, get an answer below 500 (a 4xx problem for a
/// bad one), never a crash. SUPPORTBOT_FUZZ_RUNS runs more cases.
public sealed class AccountAndProxyFuzzTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 150;

    private static Config Settings => Config.QuickThrowOnFailure.WithMaxTest(Runs);

    private static Gen<string> Text() => ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty);

    private static Gen<string> Bodies()
    {
        var shaped = from field in Gen.Elements("role", "password", "id", "name", "Role", "")
                     from value in Gen.Frequency(
                         (2, Text().Select(t => System.Text.Json.JsonSerializer.Serialize(t))),
                         (1, Gen.Elements("null", "1e309", "[]", "{}", "true", "\"supervisor\"", "\"agent\"", "\"" + new string('x', 5000) + "\"")))
                     select $"{{\"{field}\":{value}}}";
        var broken = Gen.Elements("", "{", "null", "[1,2]", "{\"role\":", new string('[', 200), "\uFEFF{}");
        return Gen.Frequency((4, shaped), (1, broken), (1, Text()));
    }

    [Fact]
    public void An_account_action_with_any_body_or_id_is_answered_below_500()
    {
        var http = host.Factory.CreateClient();
        var actions = Gen.Elements("role", "password", "disable", "enable", "signout", "");
        // NUL never reaches the host: the test server refuses such a path itself (Kestrel answers 400).
        var ids = Gen.Frequency((3, Gen.Elements("dewi", "sari", "nobody", "admin")), (1, Text().Select(t => t.Replace("\0", string.Empty, StringComparison.Ordinal))));
        var cases = from action in actions
                    from id in ids
                    from body in Bodies()
                    select (action, id, body);
        Check.One(Settings, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var path = c.action.Length == 0
                ? "/api/agent/accounts"
                : $"/api/agent/accounts/{Uri.EscapeDataString(c.id.Length == 0 ? "x" : c.id)}/{c.action}";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(c.body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", CustomerHost.AgentKey); // an agent: every action must be refused, never crash
            var response = http.SendAsync(request).GetAwaiter().GetResult();
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} for POST {path} {c.body}");
            Assert.NotEqual(HttpStatusCode.NoContent, response.StatusCode);
        }));
    }

    [Fact]
    public void Any_forwarded_header_a_client_sends_is_answered_below_500()
    {
        var http = host.Factory.CreateClient();
        var values = Gen.Frequency(
            (2, Gen.Elements("https", "http", "HTTPS", "ftp", "1.2.3.4", "::1", "1.2.3.4, 5.6.7.8", "unknown", "[::1]:80", "999.1.1.1", "evil.example", "")),
            (1, Text().Select(t => new string([.. t.Where(ch => ch is >= ' ' and <= '~')]))));
        var cases = from forwardedFor in values
                    from proto in values
                    from forwardedHost in values
                    from path in Gen.Elements("/agent/session", "/api/directline/token", "/healthz")
                    select (forwardedFor, proto, forwardedHost, path);
        Check.One(Settings, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var request = new HttpRequestMessage(c.path == "/api/directline/token" ? HttpMethod.Post : HttpMethod.Get, c.path);
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", c.forwardedFor);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", c.proto);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", c.forwardedHost);
            var response = http.SendAsync(request).GetAwaiter().GetResult();
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} for {c}");
        }));
    }
}
