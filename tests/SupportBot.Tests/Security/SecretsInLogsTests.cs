using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Conversations;
using SupportBot.FakeOpenAi;
using SupportBot.Tests.Agents;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Security;

/// Runs every kind of credential through the host with every log level on, then looks for each secret in the log.
public sealed class SecretsInLogsTests
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string AppPassword = "bot-app-password-never-logged";
    private const string AdminPassword = "admin-password-never-logged";
    private const string ApiKey = "api-key-never-logged-0123456789";
    private const string DirectLineSecret = "direct-line-secret-never-logged-0123456789";
    private const string SigningKey = "signing-key-never-logged-0123456789-abcdef";

    [Fact]
    public async Task No_password_key_secret_or_token_of_a_full_flow_appears_in_the_log()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        await using var authority = await LocalTokenAuthority.StartAsync();
        await using var channel = await FakeConnectorChannel.StartAsync();
        var logs = new CapturedLogs();
        using var factory = new SupportBotFactory { UseFakeClock = false }.WithModel(model.Endpoint);
        var settings = factory.Settings;
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        settings["DirectLine:Secret"] = DirectLineSecret;
        settings["DirectLine:TokenSigningKey"] = SigningKey;
        settings["Agents:Admin:Id"] = "lead";
        settings["Agents:Admin:Password"] = AdminPassword;
        settings["Agents:ApiKeys:0:Key"] = ApiKey;
        settings["Agents:ApiKeys:0:Agent"] = "sari";
        settings["Agents:ApiKeys:0:Role"] = "supervisor";
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = AppPassword;
        settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = authority.ChannelMetadataUrl;
        settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = authority.EmulatorMetadataUrl;
        settings["Bot:ToChannelFromBotLoginUrlPrefix"] = channel.ServiceUrl;
        settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        var host = logs.Attach(factory);
        var secrets = new List<string> { AppPassword, AdminPassword, ApiKey, DirectLineSecret, SigningKey, FakeOpenAiServer.ApiKey };

        // Console sign-in, right and wrong.
        var console = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.PostAsJsonAsync("/agent/signin", new { id = "lead", password = "wrong-" + AdminPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsJsonAsync("/agent/signin", new { id = "lead", password = AdminPassword })).StatusCode);
        secrets.Add("wrong-" + AdminPassword);

        // Direct Line: a token from the secret, a conversation, a question answered through the model, a refresh.
        var http = host.CreateClient();
        using var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(generate)).StatusCode);
        var customer = new DirectLineClient(http);
        await customer.StartAsync();
        secrets.Add(customer.Token);
        await customer.PostAsync(new { type = "message", text = "How long until a refund shows up on my card?", from = new { id = "u1" } });
        await customer.WaitForAsync(a => a.From?.Role == "bot" && a.Type == "message" && a.Text?.Length > 0);
        var refreshed = await customer.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        secrets.Add((await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>());
        // A forged token is refused, and its text is not echoed into the log either.
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities", credential: "forged-token-never-logged")).StatusCode);
        secrets.Add("forged-token-never-logged");

        // The agent API with a key, right and wrong.
        using var queue = new HttpRequestMessage(HttpMethod.Get, "/api/agent/queue");
        queue.Headers.Add(ApiKeyAuthentication.Header, ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(queue)).StatusCode);
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/agent/queue");
        wrongKey.Headers.Add(ApiKeyAuthentication.Header, "wrong-" + ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrongKey)).StatusCode);
        secrets.Add("wrong-" + ApiKey);

        // /api/messages with a channel's JWT; the reply goes out with the bot's own token from the token endpoint.
        var channelToken = authority.CreateChannelToken(AppId, channel.ServiceUrl);
        secrets.Add(channelToken);
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = channel.ServiceUrl;
        activity["text"] = "How do I reset my password?";
        using var inbound = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        inbound.Headers.Authorization = new AuthenticationHeaderValue("Bearer", channelToken);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(inbound)).StatusCode);
        await host.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        Assert.NotEmpty(channel.Delivered);
        secrets.Add(Assert.Single(channel.Delivered.Select(c => c.Authorization).Distinct())!["Bearer ".Length..]);

        Assert.True(model.ChatRequests > 0, "The model was not called, so its key was not exercised.");
        Assert.True(logs.Lines.Count > 20, "Too little was logged for this test to mean anything.");
        var leaks = secrets.Where(secret => logs.Lines.Any(line => line.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.Empty(leaks);
    }
}
