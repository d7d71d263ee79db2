using System.Text.Json;

namespace SupportBot.Tests.Hosting;

/// The HTTP APIs answer with TypedResults, so the OpenAPI document states what each operation returns: a success
/// response with its body's schema (or a 201/204), and the validation problem where an endpoint has one. A handler
/// returning a bare IResult shows up here as an undescribed "200 OK".
public sealed class OpenApiResponsesTests : IClassFixture<OpenApiResponsesTests.Document>
{
    private static readonly string[] Apis = ["/api/agent", "/api/customers", "/api/analytics", "/api/touchpoints", "/api/messages", "/api/directline", "/v3/directline"];

    // Direct Line's revoke answers 200 with no body, as the service does (RFC 7009 style): nothing tells its document
    // apart from an undescribed one, so it is named here.
    private static readonly string[] BodilessByProtocol = ["POST /v3/directline/tokens/revoke"];

    private readonly Document _document;

    public OpenApiResponsesTests(Document document) => _document = document;

    public sealed class Document : IDisposable
    {
        private readonly SupportBotFactory _factory = new();

        public Document()
        {
            using var client = _factory.CreateClient();
            Json = JsonDocument.Parse(client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)).GetAwaiter().GetResult());
        }

        public JsonDocument Json { get; }

        public JsonElement Operation(string path, string method)
            => Json.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        public IEnumerable<(string Key, JsonElement Operation)> Operations()
            => Json.RootElement.GetProperty("paths").EnumerateObject()
                .Where(p => Apis.Any(api => p.Name.StartsWith(api, StringComparison.Ordinal)))
                .SelectMany(p => p.Value.EnumerateObject().Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)));

        public void Dispose()
        {
            Json.Dispose();
            _factory.Dispose();
        }
    }

    [Fact]
    public void Every_operation_of_the_apis_describes_its_success_response()
    {
        var operations = _document.Operations().ToList();
        Assert.True(operations.Count > 40, $"only {operations.Count} operations were found");

        var undescribed = operations.Where(o => !DescribesSuccess(o.Operation) && !BodilessByProtocol.Contains(o.Key)).Select(o => o.Key).ToList();

        Assert.Empty(undescribed);
    }

    [Fact]
    public void Bodies_are_named_by_their_schema()
    {
        Assert.Equal("#/components/schemas/HandoffView", JsonSchemaRef(_document.Operation("/api/agent/conversations/{id}/claim", "post"), "200"));
        Assert.Equal("#/components/schemas/TranscriptView", JsonSchemaRef(_document.Operation("/api/agent/conversations/{id}/transcript", "get"), "200"));
        Assert.Equal("#/components/schemas/PostedTouchpoints", JsonSchemaRef(_document.Operation("/api/touchpoints", "post"), "201"));
        Assert.Equal("#/components/schemas/AgentView", JsonSchemaRef(_document.Operation("/api/agent/accounts", "post"), "201"));
        Assert.True(_document.Operation("/api/agent/conversations/{id}/end", "post").GetProperty("responses").TryGetProperty("204", out _));
    }

    [Fact]
    public void Direct_line_answers_are_named_by_the_services_schemas()
    {
        Assert.Equal("#/components/schemas/DirectLineConversation", JsonSchemaRef(_document.Operation("/v3/directline/conversations", "post"), "201"));
        Assert.Equal("#/components/schemas/DirectLineConversation", JsonSchemaRef(_document.Operation("/v3/directline/tokens/generate", "post"), "200"));
        Assert.Equal("#/components/schemas/ActivitySet", JsonSchemaRef(_document.Operation("/v3/directline/conversations/{conversationId}/activities", "get"), "200"));
        Assert.Equal("#/components/schemas/ResourceResponse", JsonSchemaRef(_document.Operation("/v3/directline/conversations/{conversationId}/activities", "post"), "200"));
        Assert.Equal("#/components/schemas/ErrorResponse", JsonSchemaRef(_document.Operation("/v3/directline/conversations/{conversationId}/activities", "post"), "403"));
        Assert.Equal("#/components/schemas/ExpectedReplies", JsonSchemaRef(_document.Operation("/api/messages", "post"), "200"));
    }

    [Fact]
    public void Validation_problems_are_described_as_problem_json()
    {
        foreach (var (path, method) in new[] { ("/api/customers/merge", "post"), ("/api/touchpoints", "post") })
        {
            var badRequest = _document.Operation(path, method).GetProperty("responses").GetProperty("400");
            Assert.True(badRequest.GetProperty("content").TryGetProperty("application/problem+json", out _), path);
        }
    }

    [Fact]
    public void The_csv_export_is_described_as_csv()
    {
        var ok = _document.Operation("/api/analytics/export.csv", "get").GetProperty("responses").GetProperty("200");
        Assert.Contains(ok.GetProperty("content").EnumerateObject(), media => media.Name.StartsWith("text/csv", StringComparison.Ordinal));
    }

    [Fact]
    public void The_parquet_export_is_described_as_parquet()
    {
        var ok = _document.Operation("/api/analytics/export.parquet", "get").GetProperty("responses").GetProperty("200");
        Assert.Contains(ok.GetProperty("content").EnumerateObject(), media => media.Name == "application/vnd.apache.parquet");
    }

    // A 2xx with a body (any media type), or a 201/204 that says what it is.
    private static bool DescribesSuccess(JsonElement operation)
        => operation.GetProperty("responses").EnumerateObject().Any(r =>
            r.Name is "201" or "204" || (r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any()));

    private static string? JsonSchemaRef(JsonElement operation, string status)
    {
        var schema = operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");
        return schema.TryGetProperty("$ref", out var reference) ? reference.GetString() : schema.ToString();
    }
}
