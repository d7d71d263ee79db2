using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Channels;
using SupportBot.Channels.Teams;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// An agent's file sent to a Teams customer as Teams requires ("Send and receive files using bot"): a file consent
/// card, the customer's fileConsent/invoke (replayed from the corpus) and, on accept, the upload to the OneDrive
/// session it names (a loopback stand-in) and the file info card; a decline, an expired or unknown offer. The upload
/// runs off the invoke: the tests run a pass of TeamsFileUploads themselves (the host's own passes, on the fake
/// clock, never overlap it, so after the call the due work is done).
public sealed class TeamsFileConsentTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Receipt = Encoding.UTF8.GetBytes("%PDF-1.7 receipt 5521");

    private readonly List<(string OfferId, string State)> _answered = [];
    private FakeConnectorChannel _channel = null!;
    private FakeOneDrive _oneDrive = null!;
    private readonly TestStore _store = new();
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _oneDrive = await FakeOneDrive.StartAsync();
        _factory = new SupportBotFactory { Store = _store, TestServices = services => services.AddSingleton<ITeamsFileOfferListener>(new Recorder(_answered)) };
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
        _factory.Settings["TeamsFiles:DownloadHosts:0"] = "127.0.0.1";
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _oneDrive.DisposeAsync();
    }

    public void Dispose()
    {
        _factory.Dispose();
        _store.Dispose();
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private ConversationReference Conversation(string fixture = "teams-personal-message")
    {
        var activity = BotJson.Deserialize<Activity>(Fixture.Read(fixture));
        return (activity with { ServiceUrl = _channel.ServiceUrl, Conversation = activity.Conversation! with { Id = $"a:{Guid.NewGuid():N}" } }).GetConversationReference();
    }

    private Activity SentCard(string contentType)
        => Assert.Single(_channel.Delivered.Select(c => c.Activity).OfType<Activity>(), a => a.Attachments?.Any(x => x.ContentType == contentType) == true);

    // The customer's answer as Teams sends it, carrying back the context the card holds.
    private async Task<HttpResponseMessage> AnswerAsync(ConversationReference conversation, string fixture, JsonElement context, string? uploadUrl = null)
    {
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["conversation"]!["id"] = conversation.Conversation!.Id;
        activity["value"]!["context"] = JsonNode.Parse(context.GetRawText());
        if (uploadUrl is not null)
        {
            activity["value"]!["uploadInfo"]!["uploadUrl"] = uploadUrl;
        }
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        return await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    private async Task<JsonElement> OfferAsync(ConversationReference conversation)
    {
        await Get<TeamsFileConsent>().OfferAsync(conversation, new TeamsOutgoingFile("receipt.pdf", "application/pdf", Receipt, "Your receipt for order 5521"), CancellationToken.None);
        var card = SentCard(FileConsent.ConsentCardType).Attachments!.Single().Content!.Value;
        return card.GetProperty("acceptContext");
    }

    [Fact]
    public async Task An_accepted_offer_is_uploaded_whole_and_shown_with_a_file_info_card_once()
    {
        var conversation = Conversation();
        await Get<TeamsFileConsent>().OfferAsync(conversation, new TeamsOutgoingFile("receipt.pdf", "application/pdf", Receipt, "Your receipt for order 5521"), CancellationToken.None);

        var consent = Assert.Single(SentCard(FileConsent.ConsentCardType).Attachments!);
        Assert.Equal("receipt.pdf", consent.Name);
        var card = consent.Content!.Value;
        Assert.Equal("Your receipt for order 5521", card.GetProperty("description").GetString());
        Assert.Equal(Receipt.Length, card.GetProperty("sizeInBytes").GetInt64());
        Assert.Equal(card.GetProperty("acceptContext").GetRawText(), card.GetProperty("declineContext").GetRawText());

        var response = await AnswerAsync(conversation, "teams-file-consent-accept", card.GetProperty("acceptContext"), _oneDrive.UploadUrl("01ABCDEF"));

        // The invoke is answered before the upload: that runs in the background, as a job in the store.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Get<TeamsFileUploads>().RunDueAsync(CancellationToken.None);
        var upload = Assert.Single(_oneDrive.Uploads);
        Assert.Equal("PUT", upload.Method);
        Assert.Equal(Receipt, upload.Body);
        Assert.Equal($"bytes 0-{Receipt.Length - 1}/{Receipt.Length}", upload.ContentRange);
        Assert.Equal(Receipt.Length, upload.ContentLength);
        Assert.Null(upload.Authorization); // the URL is its own credential: the bot's token never goes there

        var info = Assert.Single(SentCard(FileConsent.InfoCardType).Attachments!);
        Assert.Equal("https://contoso-my.sharepoint.com/personal/meganb_contoso_com/Documents/Applications/Teams TestBot/receipt.pdf", info.ContentUrl);
        Assert.Equal("receipt.pdf", info.Name);
        Assert.Equal("1150D938-8870-4044-9F2C-5BBDEBA70C9D", info.Content!.Value.GetProperty("uniqueId").GetString());
        Assert.Equal("pdf", info.Content!.Value.GetProperty("fileType").GetString());

        // The consent card the customer answered now says the file was saved (updateActivity on its replyToId).
        var update = Assert.Single(_channel.Delivered, c => c.Method == "PUT");
        Assert.EndsWith("/activities/1762965913271", update.RawTarget, StringComparison.Ordinal);
        Assert.Equal("receipt.pdf was saved to your OneDrive.", update.Activity!.Text);
        Assert.Null(update.Activity.Attachments);

        var offerId = card.GetProperty("acceptContext").GetProperty(TeamsFileConsent.OfferIdKey).GetString()!;
        Assert.Equal(TeamsFileOfferStates.Delivered, (await Get<TeamsFileConsent>().FindAsync(offerId, CancellationToken.None))!.State);
        Assert.Equal([(offerId, TeamsFileOfferStates.Delivered)], _answered);
        await using (var connection = await Get<Database>().OpenAsync())
        {
            Assert.Null(await connection.QuerySingleAsync<byte[]?>("SELECT content FROM teams_file_offers WHERE id = @offerId", new { offerId }));
        }

        // Teams retrying the same accept uploads nothing again.
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(conversation, "teams-file-consent-accept", card.GetProperty("acceptContext"), _oneDrive.UploadUrl("01ABCDEF"))).StatusCode);
        await Get<TeamsFileUploads>().RunDueAsync(CancellationToken.None);
        Assert.Single(_oneDrive.Uploads);
        Assert.Single(_channel.Delivered, c => c.Activity?.Attachments?.Any(a => a.ContentType == FileConsent.InfoCardType) == true);
    }

    [Fact]
    public async Task A_declined_offer_uploads_nothing_and_the_agents_are_told()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);

        var response = await AnswerAsync(conversation, "teams-file-consent-decline", context);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_oneDrive.Uploads);
        Assert.DoesNotContain(_channel.Delivered, c => c.Activity?.Attachments?.Any(a => a.ContentType == FileConsent.InfoCardType) == true);
        var offerId = context.GetProperty(TeamsFileConsent.OfferIdKey).GetString()!;
        Assert.Equal([(offerId, TeamsFileOfferStates.Declined)], _answered);
        var update = Assert.Single(_channel.Delivered, c => c.Method == "PUT");
        Assert.EndsWith("/activities/1762965913271", update.RawTarget, StringComparison.Ordinal);
        Assert.Equal("You declined receipt.pdf, so it was not sent.", update.Activity!.Text);
        // Accepting after declining is refused.
        var late = await AnswerAsync(conversation, "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Empty(_oneDrive.Uploads);
    }

    [Fact]
    public async Task An_expired_or_unknown_offer_is_refused_with_a_clear_error()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);

        var unknown = await AnswerAsync(conversation, "teams-file-consent-accept", JsonSerializer.SerializeToElement(new { offerId = "no-such-offer" }), _oneDrive.UploadUrl("01ABCDEF"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NotFound", await ErrorCodeAsync(unknown));
        // The offer is this conversation's: another conversation naming it finds nothing.
        var elsewhere = await AnswerAsync(Conversation(), "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        _factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var expired = await AnswerAsync(conversation, "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("Expired", await ErrorCodeAsync(expired));
        Assert.Empty(_oneDrive.Uploads);
        Assert.Equal(TeamsFileOfferStates.Expired, Assert.Single(_answered).State);
    }

    [Fact]
    public async Task An_upload_url_off_the_trusted_hosts_gets_nothing()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);
        var untrusted = await AnswerAsync(conversation, "teams-file-consent-accept", context, "https://files.example.com/upload?tempauth=1");
        Assert.Equal(HttpStatusCode.BadRequest, untrusted.StatusCode);
        Assert.Equal("UntrustedHost", await ErrorCodeAsync(untrusted));
        await Get<TeamsFileUploads>().RunDueAsync(CancellationToken.None);
        Assert.Empty(_oneDrive.Uploads);
        Assert.Equal([TeamsFileOfferStates.Failed], _answered.Select(a => a.State));
        Assert.Equal("receipt.pdf could not be saved to your OneDrive. Please ask the agent to send it again.", Assert.Single(_channel.Delivered, c => c.Method == "PUT").Activity!.Text);
    }

    [Fact]
    public async Task A_failing_upload_is_retried_with_backoff_then_reported_in_the_conversation()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);
        _oneDrive.FailWith = 503;
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(conversation, "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"))).StatusCode);

        var uploads = Get<TeamsFileUploads>();
        await uploads.RunDueAsync(CancellationToken.None);
        Assert.Single(_oneDrive.Uploads);
        // Not due again until the delay has passed, and each delay is twice the one before (15 s, 30 s, 60 s, 120 s).
        await uploads.RunDueAsync(CancellationToken.None);
        Assert.Single(_oneDrive.Uploads);
        foreach (var (wait, tries) in new[] { (15, 2), (30, 3), (60, 4) })
        {
            _factory.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
            await uploads.RunDueAsync(CancellationToken.None);
            Assert.Equal(tries - 1, _oneDrive.Uploads.Count);
            _factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await uploads.RunDueAsync(CancellationToken.None);
            Assert.Equal(tries, _oneDrive.Uploads.Count);
        }
        Assert.Empty(_answered);
        _factory.Clock.Advance(TimeSpan.FromSeconds(120));
        await uploads.RunDueAsync(CancellationToken.None);
        Assert.Equal(5, _oneDrive.Uploads.Count);

        // The fifth failure is the last: the customer is told in the conversation and on the card, the agents too.
        Assert.Equal([TeamsFileOfferStates.Failed], _answered.Select(a => a.State));
        Assert.Single(_channel.Delivered, c => c.Method == "POST" && c.Activity?.Text == "receipt.pdf could not be saved to your OneDrive. Please ask the agent to send it again.");
        Assert.Single(_channel.Delivered, c => c.Method == "PUT" && c.Activity?.Text?.Contains("could not be saved", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(_channel.Delivered, c => c.Activity?.Attachments?.Any(a => a.ContentType == FileConsent.InfoCardType) == true);
    }

    [Fact]
    public async Task An_upload_session_that_refuses_the_file_fails_at_once()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);
        _oneDrive.FailWith = 410;
        await AnswerAsync(conversation, "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"));
        await Get<TeamsFileUploads>().RunDueAsync(CancellationToken.None);
        Assert.Single(_oneDrive.Uploads);
        Assert.Equal([TeamsFileOfferStates.Failed], _answered.Select(a => a.State));
    }

    [Fact]
    public async Task An_accepted_upload_survives_a_restart()
    {
        var conversation = Conversation();
        var context = await OfferAsync(conversation);
        _oneDrive.FailWith = 503;
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(conversation, "teams-file-consent-accept", context, _oneDrive.UploadUrl("01ABCDEF"))).StatusCode);
        await Get<TeamsFileUploads>().RunDueAsync(CancellationToken.None);
        Assert.Single(_oneDrive.Uploads);

        // The host stops; another starts on the same store and finishes the job once OneDrive is back.
        await _factory.DisposeAsync();
        _oneDrive.FailWith = null;
        await using var restarted = new SupportBotFactory { Store = _store };
        restarted.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
        restarted.Settings["TeamsFiles:DownloadHosts:0"] = "127.0.0.1";
        restarted.Clock.Advance(TimeSpan.FromMinutes(1));
        await restarted.Services.GetRequiredService<TeamsFileUploads>().RunDueAsync(CancellationToken.None);

        Assert.Equal(2, _oneDrive.Uploads.Count);
        Assert.Equal(Receipt, _oneDrive.Uploads.Last().Body);
        Assert.Single(_channel.Delivered, c => c.Activity?.Attachments?.Any(a => a.ContentType == FileConsent.InfoCardType) == true);
        var offerId = context.GetProperty(TeamsFileConsent.OfferIdKey).GetString()!;
        Assert.Equal(TeamsFileOfferStates.Delivered, (await restarted.Services.GetRequiredService<TeamsFileConsent>().FindAsync(offerId, CancellationToken.None))!.State);
    }

    [Theory]
    [InlineData("teams-groupchat-mention")]
    [InlineData("teams-channel-mention")]
    public async Task Only_a_personal_chat_takes_a_file(string fixture)
    {
        var error = await Assert.ThrowsAsync<TeamsFileOfferException>(() => Get<TeamsFileConsent>().OfferAsync(
            Conversation(fixture), new TeamsOutgoingFile("receipt.pdf", "application/pdf", Receipt), CancellationToken.None));
        Assert.Contains("personal chat", error.Message, StringComparison.Ordinal);
        Assert.Empty(_channel.Calls);
    }

    [Fact]
    public async Task An_empty_or_oversized_file_is_not_offered()
    {
        await Assert.ThrowsAsync<TeamsFileOfferException>(() => Get<TeamsFileConsent>().OfferAsync(
            Conversation(), new TeamsOutgoingFile("empty.txt", "text/plain", []), CancellationToken.None));
        await Assert.ThrowsAsync<TeamsFileOfferException>(() => Get<TeamsFileConsent>().OfferAsync(
            Conversation(), new TeamsOutgoingFile("big.bin", "application/octet-stream", new byte[(10 * 1024 * 1024) + 1]), CancellationToken.None));
        Assert.Empty(_channel.Calls);
    }

    [Fact]
    public async Task An_agents_file_goes_by_consent_card_in_a_personal_chat_and_as_a_link_in_a_group_chat()
    {
        var delivery = Assert.Single(Get<IEnumerable<IAgentFileDelivery>>(), d => d.Serves(ChannelIds.Msteams));
        Assert.Same(delivery, Get<AgentFileDeliveries>().For(ChannelIds.Msteams));
        var file = new AgentFile("receipt.pdf", "application/pdf", Receipt.Length, "https://support.example.com/v3/directline/attachments/abc/receipt.pdf") { Content = Receipt };

        await delivery.DeliverAsync(Handoff(Conversation()), "Dewi", file, Get<ConversationSenders>(), CancellationToken.None);
        var card = SentCard(FileConsent.ConsentCardType).Attachments!.Single();
        Assert.Equal("receipt.pdf", card.Name);

        await delivery.DeliverAsync(Handoff(Conversation("teams-groupchat-mention")), "Dewi", file, Get<ConversationSenders>(), CancellationToken.None);
        Assert.Single(_channel.Delivered.Select(c => c.Activity).OfType<Activity>(), a => a.Attachments?.Any(x => x.ContentUrl == file.ContentUrl) == true);
        Assert.Single(_channel.Delivered.Select(c => c.Activity).OfType<Activity>(), a => a.Attachments?.Any(x => x.ContentType == FileConsent.ConsentCardType) == true);
    }

    private static HandoffRecord Handoff(ConversationReference conversation) => new()
    {
        Channel = ChannelIds.Msteams,
        ConversationId = conversation.Conversation!.Id!,
        CustomerId = "cus_teams",
        State = HandoffStates.WithAgent,
        Reason = "customer_request",
        Summary = "Wants the receipt.",
        Queue = "default",
        AgentId = "dewi",
        Reference = conversation,
        Route = HandoffRoutes.Connector,
        QueuedAt = DateTimeOffset.UnixEpoch,
    };

    private sealed class Recorder(List<(string, string)> answered) : ITeamsFileOfferListener
    {
        public void Answered(TeamsFileOffer offer, string state)
        {
            lock (answered)
            {
                answered.Add((offer.Id, state));
            }
        }
    }
}
