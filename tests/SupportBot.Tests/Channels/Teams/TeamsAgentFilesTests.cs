using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Handoff;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// An agent's file for a Teams customer, sent as the console sends it (POST /api/agent/conversations/{id}/attachments)
/// against the fake connector: in a personal chat it goes as a file consent card (Teams takes a bot's file nowhere
/// else), in a group chat as the file's link.
public sealed class TeamsAgentFilesTests : IAsyncLifetime, IDisposable
{
    private const string AgentKey = "agent-key-0123456789-dewi";
    private static readonly byte[] Pdf = "%PDF-1.7 invoice 7731"u8.ToArray();
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
        _factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
        _factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        _factory.Settings["Agents:ApiKeys:0:Name"] = "Dewi";
        _factory.Settings["Agents:ApiKeys:0:Role"] = "agent";
    }

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    // A Teams conversation (from the replay corpus) that Dewi holds.
    private async Task<string> HeldByDewiAsync(string fixture)
    {
        var activity = BotJson.Deserialize<Activity>(Fixture.Read(fixture));
        var conversationId = $"a:{Guid.NewGuid():N}";
        var reference = (activity with { ServiceUrl = _channel.ServiceUrl, Conversation = activity.Conversation! with { Id = conversationId } }).GetConversationReference();
        var store = _factory.Services.GetRequiredService<HandoffStore>();
        var (handoff, _) = await store.OpenAsync(
            new HandoffRecord
            {
                Channel = ChannelIds.Msteams,
                ConversationId = conversationId,
                CustomerId = "cus_teams_files",
                State = HandoffStates.Queued,
                Reason = "customer_request",
                Summary = "Wants the invoice.",
                Queue = "default",
                Reference = reference,
                Route = HandoffRoutes.Connector,
                QueuedAt = _factory.Clock.GetUtcNow(),
            },
            CancellationToken.None);
        Assert.True(await store.TryClaimAsync(handoff.Id, "dewi", _factory.Clock.GetUtcNow(), CancellationToken.None));
        return conversationId;
    }

    private async Task<HttpResponseMessage> SendFileAsync(string conversationId)
    {
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", "invoice-7731.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversationId)}/attachments") { Content = form };
        request.Headers.Add(ApiKeyAuthentication.Header, AgentKey);
        return await _factory.CreateClient().SendAsync(request);
    }

    private List<Activity> SentTo(string conversationId)
        => [.. _channel.Delivered.Where(c => c.Method == "POST").Select(c => c.Activity).OfType<Activity>().Where(a => a.Conversation?.Id == conversationId)];

    [Fact]
    public async Task In_a_personal_chat_the_agents_file_goes_as_a_consent_card()
    {
        var conversation = await HeldByDewiAsync("teams-personal-message");

        var response = await SendFileAsync(conversation);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var card = Assert.Single(Assert.Single(SentTo(conversation)).Attachments!);
        Assert.Equal(FileConsent.ConsentCardType, card.ContentType);
        Assert.Equal("invoice-7731.pdf", card.Name);
        Assert.Equal(Pdf.Length, card.Content!.Value.GetProperty("sizeInBytes").GetInt64());
        Assert.Equal("From Dewi", card.Content!.Value.GetProperty("description").GetString());
        Assert.NotNull(card.Content!.Value.GetProperty("acceptContext").GetProperty("offerId").GetString());
    }

    [Fact]
    public async Task In_a_group_chat_the_agents_file_goes_as_its_link()
    {
        var conversation = await HeldByDewiAsync("teams-groupchat-mention");

        var response = await SendFileAsync(conversation);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var attachment = Assert.Single(Assert.Single(SentTo(conversation)).Attachments!);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal("invoice-7731.pdf", attachment.Name);
        Assert.Contains("/v3/directline/attachments/", attachment.ContentUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(_channel.Delivered, c => c.Activity?.Attachments?.Any(a => a.ContentType == FileConsent.ConsentCardType) == true);
    }
}
