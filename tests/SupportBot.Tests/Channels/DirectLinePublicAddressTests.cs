using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

/// The addresses Direct Line hands out (the stream URL, an upload's contentUrl, the serviceUrl stored with each
/// activity) and the origin the page token endpoint counts as its own come from Web:PublicBaseUrl, never from a
/// Host header a caller chose. Without the setting, only a loopback name (dotnet run) is taken from the request.
public sealed class DirectLinePublicAddressTests
{
    private const string Forged = "http://evil.example.net";

    private static HttpClient At(SupportBotFactory factory, string baseAddress)
        => factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });

    [Fact]
    public async Task A_forged_host_changes_nothing_the_client_is_told()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Web:PublicBaseUrl"] = "https://support.example.com/";
        var client = new DirectLineClient(At(factory, Forged));
        await client.StartAsync();

        Assert.StartsWith($"wss://support.example.com/v3/directline/conversations/{client.ConversationId}/stream?", client.StreamUrl, StringComparison.Ordinal);
        var reconnected = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}");
        Assert.StartsWith("wss://support.example.com/", BotJson.Deserialize<DirectLineConversation>(await reconnected.Content.ReadAsStringAsync()).StreamUrl, StringComparison.Ordinal);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "hub.png");
        var upload = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/upload", form);
        var id = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var stored = (await client.GetActivitiesAsync()).Activities.Single(a => a.Id == id);
        Assert.StartsWith("https://support.example.com/v3/directline/attachments/", stored.Attachments![0].ContentUrl, StringComparison.Ordinal);
        Assert.Equal("https://support.example.com/", stored.ServiceUrl);
    }

    [Fact]
    public async Task A_page_on_the_forged_host_is_not_this_hosts_own_page()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Web:PublicBaseUrl"] = "https://support.example.com";
        var page = new DirectLineClient(At(factory, Forged)) { Origin = Forged };

        var response = await page.SendAsync(HttpMethod.Post, "/api/directline/token", credential: string.Empty);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // The host's own pages still get tokens.
        var own = new DirectLineClient(At(factory, "https://support.example.com")) { Origin = "https://support.example.com" };
        Assert.Equal(HttpStatusCode.OK, (await own.SendAsync(HttpMethod.Post, "/api/directline/token", credential: string.Empty)).StatusCode);
    }

    [Fact]
    public async Task Without_a_public_address_a_production_host_answers_only_for_loopback_names()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["environment"] = "Production";
        var forged = new DirectLineClient(At(factory, Forged)) { Origin = Forged };

        var refused = await forged.SendAsync(HttpMethod.Post, "/api/directline/token", credential: string.Empty);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Web:PublicBaseUrl", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var withSecret = await forged.SendAsync(HttpMethod.Post, "/v3/directline/conversations", credential: SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, withSecret.StatusCode);

        // dotnet run on the defaults: Web Chat on localhost.
        var local = new DirectLineClient(At(factory, "http://localhost:5000")) { Origin = "http://localhost:5000" };
        await local.StartAsync();
        Assert.StartsWith("ws://localhost:5000/v3/directline/conversations/", local.StreamUrl, StringComparison.Ordinal);
    }
}
