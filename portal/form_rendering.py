"""One way of rendering forms on the site: label above the field, a required marker, help text and
errors linked to the input with aria-describedby (Django does the linking), an error summary on top.
Every `{{ form }}` and `{{ field.as_field_group }}` of the members' area and the public pages uses it;
the Wagtail admin renders its forms with its own templates."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
