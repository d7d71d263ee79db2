using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Storage;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels.Teams;

/// Files customers send in Teams, replayed as Teams sends them, against a SharePoint stand-in and the channel's
/// attachment endpoint: what is downloaded, from where, with which credential, and what agents are shown.
public sealed partial class TeamsFilesTests : IAsyncLifetime, IDisposable
{
    private FakeConnectorChannel _channel = null!;
    private FakeSharePoint _sharePoint = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _sharePoint = await FakeSharePoint.StartAsync();
        _factory = new SupportBotFactory();
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
        // The stand-in listens on loopback; SharePoint's own hosts stay trusted as configured by default.
        _factory.Settings["TeamsFiles:DownloadHosts:0"] = "127.0.0.1";
        _factory.Settings["TeamsFiles:MaxFileBytes"] = "1000";
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _sharePoint.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task<string> SendAsync(string fixture, Action<JsonObject> change)
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["conversation"]!["id"] = conversation;
        change(activity);
        await PostAsync(activity);
        return conversation;
    }

    private async Task PostAsync(JsonObject activity)
    {
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        (await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content)).EnsureSuccessStatusCode();
        await Get<ConversationLanes>().DrainAsync();
    }

    private static void DownloadFrom(JsonObject activity, string url)
    {
        activity["text"] = "Here are the lights";
        activity["attachments"]![0]!["content"]!["downloadUrl"] = url;
    }

    private async Task<string> LoggedTextAsync(string conversation)
        => (await Get<TouchpointStore>().GetConversationAsync(conversation)).Single(t => t.Kind == TouchpointKind.CustomerMessage).Text!;

    private static string LinkOf(string text, string name)
    {
        var url = Regex.Match(text, $@"\[{Regex.Escape(name)}\]\((?<url>[^)]+)\)").Groups["url"].Value;
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : url;
    }

    private async Task<long> StoredFilesAsync(string conversation)
    {
        await using var connection = await Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM directline_attachments WHERE conversation_id = @conversation", new { conversation });
    }

    [Fact]
    public async Task A_file_from_SharePoint_is_fetched_without_the_bots_token_stored_and_linked_for_agents_on_this_host()
    {
        var conversation = await SendAsync("teams-file-download-message", a => DownloadFrom(a, _sharePoint.DownloadUrl("70d29f4a")));

        var (path, authorization) = Assert.Single(_sharePoint.Requests);
        Assert.Contains("tempauth=", path, StringComparison.Ordinal);
        Assert.Null(authorization);
        var link = LinkOf(await LoggedTextAsync(conversation), "router-lights.png");
        Assert.StartsWith("/v3/directline/attachments/", link, StringComparison.Ordinal);
        using var served = await _factory.CreateClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_sharePoint.File, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_download_url_on_a_host_not_trusted_is_never_called_and_the_link_Teams_sent_stays()
    {
        var untrusted = _sharePoint.DownloadUrl("untrusted").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var conversation = await SendAsync("teams-file-download-message", a =>
        {
            DownloadFrom(a, untrusted);
            // The same message also carries a file from the trusted host: that one is fetched.
            var trusted = a["attachments"]![0]!.DeepClone().AsObject();
            trusted["name"] = "receipt.png";
            trusted["content"]!["downloadUrl"] = _sharePoint.DownloadUrl("trusted");
            a["attachments"]!.AsArray().Add(trusted);
        });

        var (path, _) = Assert.Single(_sharePoint.Requests);
        Assert.Contains("UniqueId=trusted", path, StringComparison.Ordinal);
        var logged = await LoggedTextAsync(conversation);
        Assert.Contains("[router-lights.png](https://contoso-my.sharepoint.com/", logged, StringComparison.Ordinal);
        Assert.StartsWith("/v3/directline/attachments/", LinkOf(logged, "receipt.png"), StringComparison.Ordinal);
        Assert.Equal(1, await StoredFilesAsync(conversation));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_or_a_redirect_elsewhere_is_not_stored()
    {
        _sharePoint.File = new byte[5000];
        var tooBig = await SendAsync("teams-file-download-message", a => DownloadFrom(a, _sharePoint.DownloadUrl("big")));
        _sharePoint.File = [1, 2, 3];
        _sharePoint.RedirectTo = "http://169.254.169.254/metadata";
        var redirected = await SendAsync("teams-file-download-message", a => DownloadFrom(a, _sharePoint.DownloadUrl("moved")));

        Assert.Equal(0, await StoredFilesAsync(tooBig));
        Assert.Equal(0, await StoredFilesAsync(redirected));
        Assert.Equal(2, _sharePoint.Requests.Count);
    }

    [Fact]
    public async Task An_inline_image_is_fetched_from_the_channels_own_host_and_one_naming_another_host_is_not()
    {
        var conversation = await SendAsync("teams-inline-image-message", a =>
        {
            a["attachments"]![0]!["contentUrl"] = $"{_channel.ServiceUrl}v3/attachments/0-wus-d4-0a1b2c3d/views/original";
            a["attachments"]!.AsArray().Add(new JsonObject { ["contentType"] = "image/*", ["contentUrl"] = _sharePoint.DownloadUrl("elsewhere") });
        });

        Assert.Single(_channel.Calls, c => c.Method == "GET" && c.RawTarget.StartsWith("/v3/attachments/", StringComparison.Ordinal));
        Assert.Empty(_sharePoint.Requests);
        var link = LinkOf(await LoggedTextAsync(conversation), "image");
        using var served = await _factory.CreateClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(_channel.InlineImage, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await StoredFilesAsync(conversation));
    }

    [Fact]
    public async Task Files_shared_in_a_channel_become_links_for_agents_on_trusted_hosts_only_and_nothing_is_fetched()
    {
        var conversation = await SendAsync("teams-channel-file-message", a =>
        {
            var html = a["attachments"]![0]!["content"]!.GetValue<string>();
            a["attachments"]![0]!["content"] = html + "<p><a href=\"https://files.example.com/share/notes.txt\">notes.txt</a></p>";
        });

        var logged = await LoggedTextAsync(conversation);
        Assert.Contains("[install.log](https://contoso.sharepoint.com/sites/Support/Shared%20Documents/General/install.log)", logged, StringComparison.Ordinal);
        Assert.Contains("[setup-screenshot.png](https://contoso.sharepoint.com/sites/Support/Shared%20Documents/General/setup-screenshot.png)", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("files.example.com", logged, StringComparison.Ordinal);
        Assert.Empty(_sharePoint.Requests);
        Assert.Equal(0, await StoredFilesAsync(conversation));
    }

    [Fact]
    public async Task Deleting_the_message_deletes_the_files_it_carried()
    {
        var conversation = await SendAsync("teams-file-download-message", a => DownloadFrom(a, _sharePoint.DownloadUrl("70d29f4a")));
        var link = LinkOf(await LoggedTextAsync(conversation), "router-lights.png");
        Assert.Equal(1, await StoredFilesAsync(conversation));

        var delete = JsonNode.Parse(Fixture.Read("teams-message-soft-delete"))!.AsObject();
        delete["serviceUrl"] = _channel.ServiceUrl;
        delete["conversation"]!["id"] = conversation;
        delete["id"] = "1762965702215";
        await PostAsync(delete);

        Assert.Equal(0, await StoredFilesAsync(conversation));
        using var served = await _factory.CreateClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
    }
}
