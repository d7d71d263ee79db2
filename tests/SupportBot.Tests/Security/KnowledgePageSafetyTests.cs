using SupportBot.Knowledge;
using SupportBot.Tests.Hosting;
using SupportBot.Web;

namespace SupportBot.Tests.Security;

/// An article page never carries a link that runs script, whatever the article says, and forbids script itself.
/// Before, Markdig's DisableHtml left `[text](javascript:...)` as a live link and the page had no policy.
public sealed class KnowledgePageSafetyTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    public void A_link_to_a_script_scheme_is_rendered_inert(string target)
    {
        var html = KnowledgePage.Render(new StoredArticle("x", "X", "markdown", $"# X\n\nSee [the fix](<{target}>) and <{target}>."));

        // Written in a way Markdown does not read as a link, the target stays text; as a link, it goes nowhere.
        var targets = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.All(targets, href => Assert.True(KnowledgePage.IsSafeTarget(System.Net.WebUtility.HtmlDecode(href)), href));
        Assert.DoesNotContain(targets, href => href.Contains("script", StringComparison.OrdinalIgnoreCase) || href.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("https://example.com/help")]
    [InlineData("mailto:support@example.com")]
    [InlineData("../returns/return-policy.md")]
    [InlineData("#reset-your-password")]
    public void Web_mail_and_relative_links_are_kept(string target)
    {
        var html = KnowledgePage.Render(new StoredArticle("x", "X", "markdown", $"# X\n\nSee [this]({target})."));

        Assert.Contains($"href=\"{target}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_article_page_forbids_script_with_a_content_security_policy()
    {
        var response = await factory.CreateClient().GetAsync("/kb/account/reset-password");

        response.EnsureSuccessStatusCode();
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
    }
}
