"""Transforms template.yaml with AWS's own SAM translator (samtranslator), the code CloudFormation runs
for `Transform: AWS::Serverless-2016-10-31`, once per scenario, for SamTranslatorTest.

Input (YAML or JSON on stdin):
  template: path of template.yaml
  output: path to write the result to (stdout stays free for the translator's own chatter)
  region: the region the transform runs in
  scenarios: list of
    name:       a label
    parameters: parameter values, as CloudFormation passes them to the transform
    codeKeys:   CodeUri as written -> S3 key; every function whose CodeUri (its own, else Globals') is that
                file gets s3://<bucket>/<key>, as `sam package` makes it (it names an upload by its content, so
                functions sharing one file share one key; a CodeUri not listed gets a key that is the same in
                every scenario)
    set:        optional list of [path, value]: template changes, e.g. [[Globals, Function, Timeout], 16]

Output (JSON): {createOnlyProperties: {type: [property]}, scenarios: [{name, template, resolved}]}, where
template is the transformed template and resolved is the same with every parameter reference replaced
by its value (in Conditions, Resources and Outputs), by samtranslator's own IntrinsicsResolver (what SAM itself uses to resolve them).
"""
import copy
import hashlib
import json
import sys

import boto3
import yaml
from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
from samtranslator.intrinsics.resolver import IntrinsicsResolver
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

BUCKET = "moduo-artifacts"


def packaged(template, code_keys):
    """What `sam package` uploads: each function's CodeUri replaced by the S3 location of its zip. Like SAM CLI's
    packager, a function without a CodeUri of its own first takes Globals' (which stays in Globals, as written)."""
    global_code = template.get("Globals", {}).get("Function", {}).get("CodeUri")
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource.setdefault("Properties", {})
        code = properties.get("CodeUri", global_code)
        default_key = hashlib.md5(str(code).encode()).hexdigest()
        properties["CodeUri"] = "s3://%s/%s" % (BUCKET, code_keys.get(code, default_key))
    return template


def changed(template, changes):
    for path, value in changes:
        node = template
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return template


def transform(source, scenario, region):
    template = packaged(changed(copy.deepcopy(source), scenario.get("set", [])), scenario.get("codeKeys", {}))
    parameters = dict(scenario.get("parameters", {}))
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=region))
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        output = translator.translate(copy.deepcopy(template), parameter_values=parameters,
                                      get_managed_policy_map=lambda: {})
    finally:
        sys.stdout = real_stdout
    # The translator's view of the values: the scenario's, then the defaults, then the pseudo parameters.
    values = {name: definition["Default"] for name, definition in output.get("Parameters", {}).items()
              if "Default" in definition}
    values.update(parameters)
    values.setdefault("AWS::Region", region)
    resolver = IntrinsicsResolver(values)
    resolved = {key: resolver.resolve_parameter_refs(copy.deepcopy(output.get(key, {})))
                for key in ("Conditions", "Resources", "Outputs")}
    return {"name": scenario["name"], "template": output, "resolved": resolved}


def create_only(region, templates):
    types = {resource["Type"] for template in templates for resource in template["Resources"].values()}
    found = {}
    for resource_type in sorted(types):
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema
        found[resource_type] = [path.split("/")[2] for path in schema.get("createOnlyProperties", [])]
    return found


def main():
    request = yaml.safe_load(sys.stdin)
    with open(request["template"], encoding="utf-8") as file:
        source = yaml_parse(file.read())
    results = [transform(source, scenario, request["region"]) for scenario in request["scenarios"]]
    answer = {"createOnlyProperties": create_only(request["region"], [r["template"] for r in results]),
              "scenarios": results}
    with open(request["output"], "w", encoding="utf-8") as file:
        json.dump(answer, file)


if __name__ == "__main__":
    main()
