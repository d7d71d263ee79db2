using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

/// What one conversation may keep in uploads, and one customer may upload in a day across conversations: past
/// either, an upload is refused with a problem (413 for the conversation, 429 with Retry-After for the customer)
/// and nothing of it is stored.
public sealed class DirectLineUploadQuotaTests
{
    private static MultipartFormDataContent Files(params int[] sizes)
    {
        var form = new MultipartFormDataContent();
        foreach (var (size, i) in sizes.Select((size, i) => (size, i)))
        {
            var part = new ByteArrayContent(new byte[size]);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", $"log-{i}.bin");
        }
        return form;
    }

    private static Task<HttpResponseMessage> UploadAsync(DirectLineClient client, params int[] sizes)
        => client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/upload", Files(sizes));

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
    }

    /// A conversation of the returning visitor with this id, as the chat page starts it with the id its browser kept.
    private static async Task<DirectLineClient> ConversationOfAsync(SupportBotFactory factory, string visitorId)
    {
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync(new { user = new { id = visitorId } });
        return client;
    }

    [Fact]
    public async Task A_conversation_keeps_only_so_many_uploaded_files()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["DirectLine:MaxUploadsPerConversation"] = "3";
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, 10, 10)).StatusCode);
        var over = await UploadAsync(client, 10, 10);
        Assert.Contains("3 files", await ProblemDetailAsync(over, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, 10)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await UploadAsync(client, 10)).StatusCode);
        // Another conversation has its own.
        var other = new DirectLineClient(factory.CreateClient());
        await other.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(other, 10, 10, 10)).StatusCode);
    }

    [Fact]
    public async Task A_conversation_keeps_only_so_many_uploaded_bytes()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["DirectLine:MaxUploadBytesPerConversation"] = "5000";
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, 3000)).StatusCode);
        var over = await UploadAsync(client, 1000, 1500);
        Assert.Contains("5000 bytes", await ProblemDetailAsync(over, HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, 2000)).StatusCode);
    }

    [Fact]
    public async Task A_customer_may_upload_only_so_much_a_day_across_conversations()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["DirectLine:MaxUploadsPerCustomerPerDay"] = "3";
        factory.Settings["DirectLine:MaxUploadBytesPerCustomerPerDay"] = "100000";
        var first = await ConversationOfAsync(factory, "dl_returning-visitor-0042");
        var second = await ConversationOfAsync(factory, "dl_returning-visitor-0042");
        var someoneElse = await ConversationOfAsync(factory, "dl_another-visitor-00007");

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(first, 10, 10)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(second, 10)).StatusCode);
        var over = await UploadAsync(second, 10);
        Assert.Contains("3 files a day", await ProblemDetailAsync(over, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.Single(over.Headers.GetValues("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(someoneElse, 10)).StatusCode);

        // The next day the customer may upload again (their tokens of yesterday have expired: a new visit).
        factory.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await ConversationOfAsync(factory, "dl_returning-visitor-0042");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(tomorrow, 10)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromDays(1));
        var later = await ConversationOfAsync(factory, "dl_returning-visitor-0042");
        var tooMuch = await UploadAsync(later, 60_000, 60_000);
        Assert.Contains("100000 bytes a day", await ProblemDetailAsync(tooMuch, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
    }
}
