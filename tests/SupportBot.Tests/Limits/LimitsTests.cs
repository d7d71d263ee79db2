using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupportBot.Tests.Agents;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Limits;

/// Each limit of the Limits section, breached: a 429 with Retry-After or a 413, a problem body and a log line.
public sealed class LimitsTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60 * 15);
    }

    [Fact]
    public async Task Direct_Line_tokens_are_limited_per_client_address()
    {
        var logs = new CapturedLogs();
        using var factory = new SupportBotFactory();
        factory.Settings["Limits:TokensPerClientPerMinute"] = "3";
        var http = logs.Attach(factory).CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/directline/token", null)).StatusCode);
        }
        await AssertTooManyAsync(await http.PostAsync("/api/directline/token", null));
        // Starting conversations with the secret draws on the same allowance.
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SupportBotFactory.TestSecret);
        await AssertTooManyAsync(await http.SendAsync(start));
        Assert.True(logs.Contains("the tokens limit is reached"));
    }

    [Fact]
    public async Task A_Direct_Line_conversation_may_post_only_so_many_activities_a_minute_and_others_are_unaffected()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Limits:ActivitiesPerConversationPerMinute"] = "2";
        var chatty = new DirectLineClient(factory.CreateClient());
        await chatty.StartAsync();
        var quiet = new DirectLineClient(factory.CreateClient());
        await quiet.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await chatty.PostAsync(new { type = "typing", from = new { id = "u" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await chatty.PostAsync(new { type = "typing", from = new { id = "u" } })).StatusCode);
        await AssertTooManyAsync(await chatty.PostAsync(new { type = "message", text = "hello", from = new { id = "u" } }));

        Assert.Equal(HttpStatusCode.OK, (await quiet.PostAsync(new { type = "message", text = "hello", from = new { id = "u" } })).StatusCode);
        // The refused message never reached the conversation.
        Assert.DoesNotContain((await chatty.GetActivitiesAsync()).Activities, a => a.Text == "hello");
    }

    [Fact]
    public async Task A_caller_without_a_token_for_the_conversation_cannot_use_up_its_allowance_and_is_limited_by_address()
    {
        var logs = new CapturedLogs();
        using var factory = new SupportBotFactory();
        factory.Settings["Limits:ActivitiesPerConversationPerMinute"] = "2";
        factory.Settings["Limits:UnauthorizedRequestsPerClientPerMinute"] = "4";
        var http = logs.Attach(factory).CreateClient();
        var customer = new DirectLineClient(http);
        await customer.StartAsync();
        var stranger = new DirectLineClient(http);
        await stranger.StartAsync();
        var path = $"/v3/directline/conversations/{customer.ConversationId}/activities";
        var message = new { type = "message", text = "hello", from = new { id = "u" } };

        // Someone who only knows the conversation's id: their own token, a forged one, none at all.
        var refused = new List<HttpStatusCode>();
        foreach (var credential in new[] { stranger.Token, "forged.token.value", stranger.Token, "forged.token.value", stranger.Token, "forged.token.value" })
        {
            refused.Add((await stranger.SendAsync(HttpMethod.Post, path, JsonContent.Create(message), credential)).StatusCode);
        }

        // The customer still has the conversation's whole allowance.
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync(message)).StatusCode);
        await AssertTooManyAsync(await customer.PostAsync(message));
        // The stranger was refused for the credential, then for the address.
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], refused[..4]);
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], refused[4..]);
        await AssertTooManyAsync(await stranger.SendAsync(HttpMethod.Get, path, credential: "forged.token.value"));
        Assert.True(logs.Contains("the unauthorized-requests limit is reached"));
    }

    [Fact]
    public async Task A_Bot_Framework_conversation_may_post_only_so_many_activities_a_minute()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Limits:ActivitiesPerConversationPerMinute"] = "2";
        var http = factory.CreateClient();
        // expectReplies: the answer comes back in the response, so nothing is sent to the fixture's serviceUrl.
        var body = Fixture.Read("teams-personal-message").Replace("\"type\": \"message\",", "\"type\": \"message\", \"deliveryMode\": \"expectReplies\",", StringComparison.Ordinal);
        Assert.Contains("expectReplies", body, StringComparison.Ordinal);

        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/messages", content)).StatusCode);
        }
        using var third = new StringContent(body, Encoding.UTF8, "application/json");
        await AssertTooManyAsync(await http.PostAsync("/api/messages", third));
    }

    /// These hosts run on the real clock, and the per-minute windows are aligned to it: attempts that straddled a
    /// minute's end fell into two windows and were never refused. Starting at least 15 s before the end keeps them in one.
    private static async Task AwayFromAMinutesEndAsync()
    {
        var second = DateTime.UtcNow.Second;
        if (second >= 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }

    /// A host with the console's seeded supervisor and the given limits.
    private static SupportBotFactory SignInHost(string setting, string value)
    {
        var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings["Agents:Admin:Id"] = AgentHost.AdminId;
        factory.Settings["Agents:Admin:Password"] = AgentHost.AdminPassword;
        factory.Settings[setting] = value;
        return factory;
    }

    [Fact]
    public async Task Failed_sign_ins_lock_the_account_for_a_while_even_with_the_right_password_and_leave_others_alone()
    {
        using var factory = SignInHost("Limits:FailedSignInsPerAccount", "2");
        var console = new ConsoleClient(factory);

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.SignInAsync(AgentHost.AdminId, "guess one")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.SignInAsync(AgentHost.AdminId, "guess two")).StatusCode);
        await AssertTooManyAsync(await console.SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword));
        // The id is counted however it is spelled.
        await AssertTooManyAsync(await console.SignInAsync(AgentHost.AdminId.ToUpperInvariant(), AgentHost.AdminPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.SignInAsync("someone-else", "a guess")).StatusCode);
    }

    [Fact]
    public async Task A_successful_sign_in_does_not_count_against_the_account()
    {
        using var factory = SignInHost("Limits:FailedSignInsPerAccount", "1");
        var console = new ConsoleClient(factory);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await console.SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword)).StatusCode);
        }
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_address_across_accounts()
    {
        using var factory = SignInHost("Limits:SignInsPerClientPerMinute", "3");
        var console = new ConsoleClient(factory);
        await AwayFromAMinutesEndAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await console.SignInAsync($"agent-{i}", "a guess")).StatusCode);
        }
        await AssertTooManyAsync(await console.SignInAsync("agent-4", "a guess"));
    }

    [Fact]
    public async Task A_body_over_the_global_limit_is_a_413_problem_before_anything_reads_it()
    {
        var logs = new CapturedLogs();
        using var factory = new SupportBotFactory();
        factory.Settings["Limits:MaxRequestBodyBytes"] = "2048";
        var http = logs.Attach(factory).CreateClient();

        var big = await http.PostAsJsonAsync("/agent/signin", new { id = "lead", password = new string('x', 4096) });
        var problem = await ProblemAsync(big, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("2048", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(logs.Contains("over the limit of 2048"));
        // An endpoint with its own larger limit (Direct Line uploads) still takes bodies over the global one.
        var customer = new DirectLineClient(http);
        await customer.StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(new byte[8192]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "log.bin");
        var upload = await customer.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{customer.ConversationId}/upload?userId=u1", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }
}
