using System.Net;
using System.Net.Http.Headers;
using SupportBot.Agents;
using SupportBot.Touchpoints;
using static SupportBot.Tests.Agents.AgentWorkdayHost;

namespace SupportBot.Tests.Agents;

/// Files from agents: stored as Direct Line uploads, sent into the customer's conversation as an attachment whose
/// contentUrl this host serves, logged in the transcript; size, type and who may send are checked first.
public sealed class AgentFilesTests(AgentWorkdayHost host) : IClassFixture<AgentWorkdayHost>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_file_reaches_the_web_chat_customer_and_the_transcript()
    {
        var customer = await host.CustomerWithDewiAsync();

        var sent = await ReadAsync<AgentFileSent>(await UploadAsync(AgentHost.AgentKey, customer.ConversationId, "router-steps.png", "image/png", Png));

        Assert.Equal(("router-steps.png", "image/png", (long)Png.Length), (sent.Name, sent.ContentType, sent.Bytes));
        var message = await customer.WaitForAsync(a => a.Attachments?.Count > 0);
        var attachment = Assert.Single(message.Attachments!);
        Assert.Equal(("image/png", "router-steps.png", sent.ContentUrl), (attachment.ContentType, attachment.Name, attachment.ContentUrl));
        Assert.Equal("Dewi", message.From?.Name);
        // The customer's browser fetches it from this host, with no token.
        var served = await host.Agents.Factory.CreateClient().GetAsync(new Uri(attachment.ContentUrl!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());

        var transcript = await host.Dewi().TranscriptAsync(customer.ConversationId);
        var line = Assert.Single(transcript.Transcript, t => t.Kind == TouchpointKind.AgentReply);
        Assert.Equal(sent.TranscriptText, line.Text);
        Assert.StartsWith("📎 [router-steps.png](/v3/directline/attachments/", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_of_the_wrong_size_or_type_or_for_someone_elses_conversation_are_refused()
    {
        var customer = await host.CustomerWithDewiAsync();
        var before = (await customer.GetActivitiesAsync()).Activities.Count;

        await ProblemAsync(await UploadAsync(AgentHost.AgentKey, customer.ConversationId, "page.html", "text/html", "<script>"u8.ToArray()), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(
            await UploadAsync(AgentHost.AgentKey, customer.ConversationId, "big.png", "image/png", new byte[(4 * 1024 * 1024) + 1]), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await UploadAsync(AgentHost.AgentKey, customer.ConversationId, "empty.png", "image/png", []), HttpStatusCode.BadRequest);
        var waiting = await host.WaitingCustomerAsync("Ana");
        var queued = await UploadAsync(AgentHost.AgentKey, waiting.ConversationId, "a.png", "image/png", Png);
        Assert.True(queued.StatusCode == HttpStatusCode.Conflict, await queued.Content.ReadAsStringAsync());
        await ProblemAsync(queued, HttpStatusCode.Conflict);
        await ProblemAsync(await UploadAsync(AgentHost.AgentKey, "nobody", "a.png", "image/png", Png), HttpStatusCode.NotFound);
        var notForm = await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/attachments", new { file = "x" });
        await ProblemAsync(notForm, HttpStatusCode.BadRequest);

        Assert.Equal(before, (await customer.GetActivitiesAsync()).Activities.Count);
    }

    private Task<HttpResponseMessage> UploadAsync(string apiKey, string conversationId, string name, string contentType, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = new MultipartFormDataContent { { file, "file", name } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversationId)}/attachments") { Content = form };
        request.Headers.Add(ApiKeyAuthentication.Header, apiKey);
        return host.Agents.Factory.CreateClient().SendAsync(request);
    }
}
