using System.Globalization;
using System.Text;

namespace SupportBot.Benchmarks;

/// A Markdown pipe table padded for the terminal: text columns left-aligned, numbers right-aligned.
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public int Count => _rows.Count;

    public static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => IsNumeric(r[i]))).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths, numeric);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(numeric[i] ? new string('-', widths[i] + 1) + ":|" : new string('-', widths[i] + 2) + "|");
        }
        text.Append('\n');
        foreach (var row in _rows)
        {
            Line(text, row, widths, numeric);
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths, bool[] numeric)
    {
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(' ').Append(numeric[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i])).Append(" |");
        }
        text.Append('\n');
    }

    private static bool IsNumeric(string cell) =>
        cell == "-" || double.TryParse(cell.Replace(",", "", StringComparison.Ordinal).TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || cell.Contains('/', StringComparison.Ordinal) && cell.Split('/').All(p => int.TryParse(p.Trim(), CultureInfo.InvariantCulture, out _));
}
