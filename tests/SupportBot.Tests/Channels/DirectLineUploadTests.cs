using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels;

/// Uploads that go wrong are refused with the service's error bodies and store nothing; files that could run
/// script on the host's origin are only ever served as downloads.
public sealed class DirectLineUploadTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    private async Task<DirectLineClient> StartAsync()
    {
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        return client;
    }

    private static MultipartFormDataContent Upload(string? activityJson, params (string Name, string ContentType, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        if (activityJson is not null)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(activityJson));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            form.Add(part, "activity", "blob");
        }
        foreach (var (name, contentType, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "file", name);
        }
        return form;
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task An_uploaded_file_reaches_the_bot_and_the_agents_transcript_and_is_served_back()
    {
        var client = await StartAsync();
        var png = new byte[] { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3 };

        var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/upload?userId=u1",
            Upload("""{"type":"message","text":"Here is the light","attachments":[{"contentType":"image/png","name":"hub.png"}]}""", ("hub.png", "image/png", png)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        var stored = (await client.GetActivitiesAsync()).Activities.Single(a => a.Id == id);
        var attachment = Assert.Single(stored.Attachments!);
        Assert.Equal(("hub.png", "image/png", "Here is the light"), (attachment.Name, attachment.ContentType, stored.Text));
        var served = await factory.CreateClient().GetAsync(new Uri(new Uri(attachment.ContentUrl!).PathAndQuery, UriKind.Relative));
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        var logged = (await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(client.ConversationId)).Single(t => t.ActivityId == id);
        Assert.Equal($"Here is the light\n[hub.png]({attachment.ContentUrl})", logged.Text);
    }

    [Fact]
    public async Task A_script_file_is_served_only_as_a_download()
    {
        var client = await StartAsync();
        var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/upload",
            Upload(null, ("page.html", "text/html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"))));
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        var url = (await client.GetActivitiesAsync()).Activities.Single(a => a.Id == id).Attachments![0].ContentUrl!;

        var served = await factory.CreateClient().GetAsync(new Uri(new Uri(url).PathAndQuery, UriKind.Relative));

        Assert.Equal("application/octet-stream", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Bad_uploads_are_refused_and_store_nothing()
    {
        var client = await StartAsync();
        var other = await StartAsync();
        var path = $"/v3/directline/conversations/{client.ConversationId}/upload";
        // The welcomes are written after the conversations start: counted before them, they would look stored here.
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        var before = (await client.GetActivitiesAsync()).Activities.Count;

        var foreignToken = await client.SendAsync(HttpMethod.Post, path, Upload(null, ("a.txt", "text/plain", [1])), credential: other.Token);
        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden"), (foreignToken.StatusCode, await ErrorCodeAsync(foreignToken)));

        var notMultipart = await client.SendAsync(HttpMethod.Post, path, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode.BadRequest, "BadArgument"), (notMultipart.StatusCode, await ErrorCodeAsync(notMultipart)));

        var noFiles = await client.SendAsync(HttpMethod.Post, path, Upload("""{"type":"message","text":"hi"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, noFiles.StatusCode);

        var tooMany = await client.SendAsync(HttpMethod.Post, path, Upload(null, [.. Enumerable.Range(0, 11).Select(i => ($"{i}.txt", "text/plain", new byte[] { 1 }))]));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        var malformed = await client.SendAsync(HttpMethod.Post, path, Upload("{not json", ("a.txt", "text/plain", [1])));
        Assert.Equal((HttpStatusCode.BadRequest, "BadArgument"), (malformed.StatusCode, await ErrorCodeAsync(malformed)));

        var unknown = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations/nope/upload", Upload(null, ("a.txt", "text/plain", [1])));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode); // the token is for another conversation

        Assert.Equal(before, (await client.GetActivitiesAsync()).Activities.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(new Uri("/v3/directline/attachments/not-an-id/x.png", UriKind.Relative))).StatusCode);
    }
}
