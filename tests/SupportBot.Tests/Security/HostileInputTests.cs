using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Conversations;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Security;

/// Bodies no honest client sends: each is refused with a 4xx and a body, never a 500, and the host keeps serving.
/// Text that only looks dangerous (SQL, markup, control characters) is stored exactly as sent.
public sealed class HostileInputTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    public static TheoryData<string, byte[]> HostileBodies => new()
    {
        { "not JSON", "hello"u8.ToArray() },
        { "truncated", "{\"type\":\"message\",\"text\":\"hi"u8.ToArray() },
        { "an array", "[{\"type\":\"message\"}]"u8.ToArray() },
        { "JSON null", "null"u8.ToArray() },
        { "a number for the type", "{\"type\":42,\"text\":\"hi\"}"u8.ToArray() },
        { "an object for the text", "{\"type\":\"message\",\"text\":{\"a\":1}}"u8.ToArray() },
        { "a string for from", "{\"type\":\"message\",\"text\":\"hi\",\"from\":\"me\"}"u8.ToArray() },
        { "a bad timestamp", "{\"type\":\"message\",\"text\":\"hi\",\"timestamp\":\"yesterday\"}"u8.ToArray() },
        { "nested 10,000 deep", Encoding.UTF8.GetBytes("{\"type\":\"message\",\"value\":" + new string('[', 10_000) + new string(']', 10_000) + "}") },
        { "invalid UTF-8", [.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8] },
        { "a lone surrogate escape", "{\"type\":\"message\",\"text\":\"\\uD800\"}"u8.ToArray() },
        { "duplicate keys", "{\"type\":\"message\",\"type\":\"typing\",\"text\":\"hi\"}"u8.ToArray() },
    };

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError, $"{what}: {(int)response.StatusCode}");
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()), $"{what}: refused without a body");
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Direct_Line_refuses_a_hostile_activity_body_with_a_4xx_and_keeps_serving(string what, byte[] body)
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await customer.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{customer.ConversationId}/activities", content);

        if (what == "duplicate keys")
        {
            // The last value wins, as System.Text.Json reads it; what matters is that nothing breaks.
            Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        }
        else
        {
            await AssertRefusedAsync(response, what);
        }
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync(new { type = "message", text = "still there?", from = new { id = "u" } })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Api_messages_refuses_a_hostile_activity_body_with_a_4xx(string what, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await factory.CreateClient().PostAsync("/api/messages", content);
        // No serviceUrl or conversation in any of them: even the parseable ones cannot be answered.
        await AssertRefusedAsync(response, what);
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task The_console_sign_in_refuses_a_hostile_body_with_a_4xx(string what, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await AssertRefusedAsync(await factory.CreateClient().PostAsync("/agent/signin", content), what);
    }

    [Fact]
    public async Task An_activity_of_an_unknown_type_is_accepted_and_ignored()
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        var response = await customer.PostAsync(new { type = "teleport", text = "beam me up", from = new { id = "u" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        Assert.DoesNotContain(await customer.BotActivitiesAsync(), a => a.Type == "message" && a.ReplyToId is not null && a.Text?.Contains("beam", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("Robert'); DROP TABLE touchpoints;--")]
    [InlineData("\" OR 1=1 -- ; SELECT * FROM agent_accounts /*")]
    [InlineData("%_\\ ' '' \\' ` $1 @p ?1 :name")]
    [InlineData("<script>alert(1)</script><img src=x onerror=alert(2)>")]
    [InlineData("bell\u0007 nul\u0000 escape\u001b[31m rtl\u202e zero\u200bwidth tab\there")]
    public async Task Text_that_looks_like_SQL_markup_or_control_codes_is_stored_verbatim(string text)
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync(new { type = "message", text, from = new { id = "u" } })).StatusCode);
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();

        var stored = await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId);
        // Verbatim, but for NUL, which no engine's text keeps (PostgreSQL refuses it).
        Assert.Contains(stored, t => t.Kind == TouchpointKind.CustomerMessage && t.Text == text.Replace("\0", string.Empty, StringComparison.Ordinal));
        Assert.Contains((await customer.GetActivitiesAsync()).Activities, a => a.Text == text);
        // The tables the text names are all still there.
        Assert.NotEmpty(await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task An_agent_api_body_of_the_wrong_shape_is_a_400_problem()
    {
        using var host = new AgentHost();
        foreach (var body in new[] { "{\"text\":", "[]", "{\"text\":42}", "{\"text\":\"" + new string('x', AgentApi.MaxMessageLength + 1) + "\"}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agent/conversations/probe/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(ApiKeyAuthentication.Header, AgentHost.SupervisorKey);
            var response = await host.Factory.CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
