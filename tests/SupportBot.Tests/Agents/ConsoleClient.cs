using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// The console as a browser drives it: one cookie jar, sign-in, the session's antiforgery token sent on changes.
internal sealed class ConsoleClient(SupportBotFactory factory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The factory's client keeps cookies between requests, as a browser does.
    public HttpClient Http { get; } = factory.CreateClient();

    public string? Token { get; private set; }

    public Task<HttpResponseMessage> SignInAsync(string id, string password)
        => Http.PostAsJsonAsync(new Uri("/agent/signin", UriKind.Relative), new { id, password });

    public async Task<SessionView> SessionAsync()
    {
        var session = (await Http.GetFromJsonAsync<SessionView>(new Uri("/agent/session", UriKind.Relative), Json))!;
        Token = session.AntiforgeryToken;
        return session;
    }

    /// Signs in and reads the session, so that changes carry the token.
    public async Task<ConsoleClient> SignedInAsync(string id, string password)
    {
        (await SignInAsync(id, password)).EnsureSuccessStatusCode();
        await SessionAsync();
        return this;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null, bool withToken = true) => SendAsync(HttpMethod.Post, path, body, withToken);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withToken = true)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (withToken && Token is not null)
        {
            request.Headers.Add(AntiforgeryCheck.Header, Token);
        }
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));
}
