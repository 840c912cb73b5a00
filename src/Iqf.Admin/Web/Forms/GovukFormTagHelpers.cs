using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Iqf.Admin.Web.Forms;

/// <summary>
/// GOV.UK form groups (label, hint, error message, control) for a bound property, with the
/// error styling and aria-describedby wiring the design system asks for. Every form uses these,
/// so every field shows its validation message the same way.
/// </summary>
public abstract class GovukFieldTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")] public ModelExpression For { get; set; } = null!;
    [HtmlAttributeName("label")] public string Label { get; set; } = "";
    [HtmlAttributeName("hint")] public string? Hint { get; set; }
    [HtmlAttributeName("label-class")] public string LabelClass { get; set; } = "govuk-label";
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    protected string Name => For.Name;
    protected string Id => TagBuilder.CreateSanitizedId(For.Name, "_");
    protected string? Error => ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.Errors.Count > 0
        ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The value to show: what was posted when the form comes back with errors, else the model's.</summary>
    protected string? Value => ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.AttemptedValue is not null
        ? entry.AttemptedValue
        : For.Model switch
        {
            null => null,
            DateOnly d => d.ToString("yyyy-MM-dd"),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var m => m.ToString(),
        };

    protected static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");

    protected string DescribedBy() => string.Join(" ", new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(x => x is not null));

    protected string Header(bool fieldset = false) =>
        (fieldset ? "" : $"<label class=\"{E(LabelClass)}\" for=\"{Id}\">{E(Label)}</label>")
        + (Hint is null ? "" : $"<div id=\"{Id}-hint\" class=\"govuk-hint\">{E(Hint)}</div>")
        + (Error is null ? "" : $"<p id=\"{Id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {E(Error)}</p>");

    protected void Group(TagHelperOutput output, string inner)
    {
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-form-group" + (Error is null ? "" : " govuk-form-group--error"));
        output.Content.SetHtmlContent(inner);
    }
}

[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukInputTagHelper : GovukFieldTagHelper
{
    [HtmlAttributeName("type")] public string Type { get; set; } = "text";
    [HtmlAttributeName("autocomplete")] public string? Autocomplete { get; set; }
    [HtmlAttributeName("width")] public string? Width { get; set; }
    [HtmlAttributeName("spellcheck")] public bool? Spellcheck { get; set; }
    [HtmlAttributeName("inputmode")] public string? InputMode { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var classes = "govuk-input" + (Width is null ? "" : $" govuk-input--width-{Width}") + (Error is null ? "" : " govuk-input--error");
        var describedBy = DescribedBy();
        var input = $"<input class=\"{classes}\" id=\"{Id}\" name=\"{E(Name)}\" type=\"{E(Type)}\""
                    + (Type == "password" ? "" : $" value=\"{E(Value)}\"")
                    + (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "")
                    + (Autocomplete is null ? "" : $" autocomplete=\"{E(Autocomplete)}\"")
                    + (InputMode is null ? "" : $" inputmode=\"{E(InputMode)}\"")
                    + (Spellcheck is null ? "" : $" spellcheck=\"{(Spellcheck.Value ? "true" : "false")}\"")
                    + ">";
        Group(output, Header() + input);
    }
}

[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukTextareaTagHelper : GovukFieldTagHelper
{
    [HtmlAttributeName("rows")] public int Rows { get; set; } = 4;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var describedBy = DescribedBy();
        var textarea = $"<textarea class=\"govuk-textarea{(Error is null ? "" : " govuk-textarea--error")}\" id=\"{Id}\" name=\"{E(Name)}\" rows=\"{Rows}\""
                       + (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "") + $">{E(Value)}</textarea>";
        Group(output, Header() + textarea);
    }
}

[HtmlTargetElement("govuk-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukSelectTagHelper : GovukFieldTagHelper
{
    [HtmlAttributeName("items")] public IEnumerable<SelectListItem> Items { get; set; } = [];
    /// <summary>Text of a first, empty option ("no value"); none when null.</summary>
    [HtmlAttributeName("empty")] public string? Empty { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var value = Value;
        string Option(SelectListItem i) => $"<option value=\"{E(i.Value)}\"{(i.Value == value ? " selected" : "")}>{E(i.Text)}</option>";
        // Items with a Group (e.g. levels by framework) are drawn in an optgroup each, in order of first appearance.
        var options = (Empty is null ? "" : $"<option value=\"\">{E(Empty)}</option>")
                      + string.Concat(Items.GroupBy(i => i.Group?.Name).Select(g => g.Key is null
                          ? string.Concat(g.Select(Option))
                          : $"<optgroup label=\"{E(g.Key)}\">{string.Concat(g.Select(Option))}</optgroup>"));
        var describedBy = DescribedBy();
        var select = $"<select class=\"govuk-select{(Error is null ? "" : " govuk-select--error")}\" id=\"{Id}\" name=\"{E(Name)}\""
                     + (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "") + $">{options}</select>";
        Group(output, Header() + select);
    }
}

/// <summary>
/// A single yes/no checkbox for a bool property. An unticked box posts nothing, so a hidden
/// "false" follows it: a ticked box posts "true,false" and binding takes the first value.
/// </summary>
[HtmlTargetElement("govuk-checkbox", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukCheckboxTagHelper : GovukFieldTagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var isChecked = Value is "true" or "True" or "on";
        var describedBy = DescribedBy();
        var inner = (Error is null ? "" : $"<p id=\"{Id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {E(Error)}</p>")
                    + "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">"
                    + $"<input class=\"govuk-checkboxes__input\" id=\"{Id}\" name=\"{E(Name)}\" type=\"checkbox\" value=\"true\"{(isChecked ? " checked" : "")}"
                    + (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "") + ">"
                    + $"<input type=\"hidden\" name=\"{E(Name)}\" value=\"false\">"
                    + $"<label class=\"govuk-label govuk-checkboxes__label\" for=\"{Id}\">{E(Label)}</label>"
                    + (Hint is null ? "" : $"<div id=\"{Id}-hint\" class=\"govuk-hint govuk-checkboxes__hint\">{E(Hint)}</div>")
                    + "</div></div>";
        Group(output, inner);
    }
}

/// <summary>The GOV.UK error summary: every model error, each linking to its field.</summary>
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukErrorSummaryTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        var errors = state.Where(kv => kv.Value!.Errors.Count > 0)
            .Select(kv => (Key: kv.Key, Message: kv.Value!.Errors[0].ErrorMessage))
            .Where(e => e.Message.Length > 0)
            .ToList();
        if (errors.Count == 0) { output.SuppressOutput(); return; }
        ViewContext.ViewData["HasErrors"] = true;
        var items = string.Concat(errors.Select(e => e.Key.Length == 0
            ? $"<li>{HtmlEncoder.Default.Encode(e.Message)}</li>"
            : $"<li><a href=\"#{TagBuilder.CreateSanitizedId(e.Key, "_")}\">{HtmlEncoder.Default.Encode(e.Message)}</a></li>"));
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-error-summary");
        output.Attributes.SetAttribute("data-module", "govuk-error-summary");
        output.Content.SetHtmlContent(new HtmlString(
            "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
            + $"<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">{items}</ul></div></div>"));
    }
}
