"""model-serving (track position 7): the reference and other right answers pass every
step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "model-serving"

ARTIFACT = (
    'import json\n\nartifact = \'{"name": "flat-price", "version": 3, '
    '"features": ["rooms", "area_m2"], "weights": [12.0, 2.5], "bias": 20.0}\'\n\n'
    "def load_model(text):\n"
)
KEYS = (
    "    loaded = json.loads(text)\n"
    "    for key in ['version', 'features', 'weights', 'bias']:\n"
    "        if key not in loaded:\n            return None\n"
)
PREDICT = "def predict(request):\n"
TERMS = (
    "    for name, weight in zip(model['features'], model['weights']):\n"
    "        price += weight * request[name]\n"
)
VALIDATE = (
    "def validate(request):\n    if not isinstance(request, dict):\n"
    "        return ['request must be an object']\n"
)
HANDLE = "def handle(request):\n    errors = validate(request)\n    if errors:\n"
GOOD = "    return {'status': 200, 'prediction': round(predict(request), 2), "
SERVE = "def serve(body):\n    try:\n        request = json.loads(body)\n"
BAD_JSON = "{'status': 400, 'errors': ['body is not valid JSON']}"

RIGHT = [
    (1, ARTIFACT + "    loaded = json.loads(text)\n"
        "    if not all(key in loaded for key in ('version', 'features', 'weights', 'bias')):\n"
        "        return None\n"
        "    return loaded if len(loaded['features']) == len(loaded['weights']) else None\n\n"
        "model = load_model(artifact)"),
    (2, PREDICT + "    return model['bias'] + sum(\n"
        "        weight * request[name]\n"
        "        for name, weight in zip(model['features'], model['weights'])\n"
        "    )"),
    (3, VALIDATE + "    errors = []\n    for name in model['features']:\n"
        "        value = request.get(name)\n"
        "        if name not in request:\n            errors.append('missing feature: ' + name)\n"
        "        elif type(value) not in (int, float):\n"
        "            errors.append(name + ' must be a number')\n    return errors"),
    (4, "def handle(request):\n    problems = validate(request)\n    if len(problems) > 0:\n"
        "        return {'errors': problems, 'status': 400}\n"
        "    price = round(predict(request), 2)\n"
        "    return {'model_version': model['version'], 'prediction': price, 'status': 200}"),
    (5, SERVE + "    except ValueError:\n        answer = " + BAD_JSON + "\n"
        "    else:\n        answer = handle(request)\n"
        "    return json.dumps(answer, sort_keys=True)"),
]  # fmt: skip

WRONG = [
    # step 1: no checks at all, the text returned, no length check, the loaded model not kept
    (1, ARTIFACT + "    return json.loads(text)\n\nmodel = load_model(artifact)",
     "a model without all of 'version', 'features', 'weights' and 'bias' cannot serve, "
     "so return None (expected None, got a dictionary)"),
    (1, ARTIFACT + "    return text\n\nmodel = load_model(artifact)",
     "expected a dictionary, got a string"),
    (1, ARTIFACT + KEYS + "    return loaded\n\nmodel = load_model(artifact)",
     "each feature needs exactly one weight, so return None when their lengths differ"),
    (1, ARTIFACT + KEYS + "        else:\n            return loaded\n\n"
        "model = load_model(artifact)",
     "cannot serve, so return None (expected None, got a dictionary)"),
    (1, ARTIFACT + KEYS + "    if len(loaded['features']) != len(loaded['weights']):\n"
        "        return None\n    return loaded",
     "model is not defined"),
    # step 2: no bias, values taken in arrival order, the example hard-coded, printed
    (2, PREDICT + "    price = 0\n" + TERMS +
        "    return price",
     "predict({'rooms': 1, 'area_m2': 20.0}): expected 82.0, found 62.0"),
    (2, PREDICT + "    price = model['bias']\n"
        "    for weight, value in zip(model['weights'], request.values()):\n"
        "        price += weight * value\n    return price",
     "look each value up by the model's feature names; a request's keys can come in another "
     "order and include keys the model does not use (expected 169.0, found 625.0)"),
    (2, PREDICT + "    return 20.0 + 12.0 * 3 + 2.5 * 70.0",
     "predict({'rooms': 1, 'area_m2': 20.0}): expected 82.0, found 231.0"),
    (2, PREDICT + "    price = model['bias']\n" + TERMS +
        "    print(price)",
     "got None (it printed '82.0' — use return to give it back)"),
    (2, PREDICT + "    price = model['bias']\n" + TERMS +
        "        return price",
     "predict({'rooms': 1, 'area_m2': 20.0}): expected 82.0, found 32.0"),
    # step 3: no dictionary check, a value read before its key is checked, only the first
    # error, ints only
    (3, "def validate(request):\n    errors = []\n    for name in model['features']:\n"
        "        if name not in request:\n            errors.append(f'missing feature: {name}')\n"
        "        elif not isinstance(request[name], (int, float)):\n"
        "            errors.append(f'{name} must be a number')\n    return errors",
     "validate([3, 70.0]): a request that is not a dictionary gets ['request must be an object']"),
    (3, VALIDATE + "    errors = []\n    for name in model['features']:\n"
        "        value = request[name]\n"
        "        if name not in request:\n            errors.append(f'missing feature: {name}')\n"
        "        elif not isinstance(value, (int, float)):\n"
        "            errors.append(f'{name} must be a number')\n    return errors",
     "validate({'rooms': 3}) raised KeyError: 'area_m2'"),
    (3, VALIDATE + "    for name in model['features']:\n"
        "        if name not in request:\n            return [f'missing feature: {name}']\n"
        "        if not isinstance(request[name], (int, float)):\n"
        "            return [f'{name} must be a number']\n    return []",
     "validate({}): report every problem, in the order of model['features'], not only the "
     "first one"),
    (3, VALIDATE + "    errors = []\n    for name in model['features']:\n"
        "        if name not in request:\n            errors.append(f'missing feature: {name}')\n"
        "        elif not isinstance(request[name], int):\n"
        "            errors.append(f'{name} must be a number')\n    return errors",
     "validate({'rooms': 3, 'area_m2': 70.0}) should have 0 items; yours has 1: "
     "'area_m2 must be a number' should not be there"),
    # step 4: predicted before validating, 200 for a bad request, no version, not rounded,
    # the bare error list
    (4, "def handle(request):\n    prediction = round(predict(request), 2)\n"
        "    errors = validate(request)\n    if errors:\n"
        "        return {'status': 400, 'errors': errors}\n"
        "    return {'status': 200, 'prediction': prediction, 'model_version': model['version']}",
     "handle({'rooms': 3}): validate the request first and answer 400 with its errors; "
     "a bad request must never reach the model (raised KeyError: 'area_m2')"),
    (4, HANDLE + "        return {'status': 200, 'errors': errors}\n"
        + GOOD + "'model_version': model['version']}",
     "(['status']: expected 400, found 200)"),
    (4, HANDLE + "        return {'status': 400, 'errors': errors}\n" + GOOD + "}",
     "handle({'rooms': 3, 'area_m2': 70.0}): missing 'model_version'"),
    (4, HANDLE + "        return {'status': 400, 'errors': errors}\n"
        "    return {'status': 200, 'prediction': predict(request), "
        "'model_version': model['version']}",
     "handle({'rooms': 2, 'area_m2': 33.333})['prediction']: expected 127.33, found 127.3325"),
    (4, HANDLE + "        return errors\n" + GOOD + "'model_version': model['version']}",
     "(expected a dictionary, got a list)"),
    # step 5: bad JSON not caught, dictionaries instead of text, unsorted keys, str(), 500
    (5, "def serve(body):\n    return json.dumps(handle(json.loads(body)), sort_keys=True)",
     "catch json.JSONDecodeError (raised JSONDecodeError"),
    (5, SERVE + "    except json.JSONDecodeError:\n        return " + BAD_JSON + "\n"
        "    return handle(request)",
     "serve('{\"rooms\": 3, \"area_m2\": 70.0}'): expected a string, got a dictionary"),
    (5, SERVE + "    except json.JSONDecodeError:\n        return json.dumps(" + BAD_JSON + ")\n"
        "    return json.dumps(handle(request))",
     "found '{\"status\": 200, \"prediction\": 231.0, \"model_version\": 3}'"),
    (5, SERVE + "    except json.JSONDecodeError:\n        return str(" + BAD_JSON + ")\n"
        "    return str(handle(request))",
     "found \"{'status': 200, 'prediction': 231.0, 'model_version': 3}\""),
    (5, SERVE + "    except json.JSONDecodeError:\n"
        "        return json.dumps({'status': 500, 'errors': ['body is not valid JSON']}, "
        "sort_keys=True)\n"
        "    return json.dumps(handle(request), sort_keys=True)",
     "found '{\"errors\": [\"body is not valid JSON\"], \"status\": 500}'"),
]  # fmt: skip

EXAMPLES = [
    (2, "predict({'rooms': 3, 'area_m2': 70.0}) == 231.0"),
    # the scenario's three requests: a good one, rooms as text, no area
    (5, "json.loads(serve('{\"rooms\": 3, \"area_m2\": 70.0}'))['status'] == 200"),
    (5, "json.loads(serve('{\"rooms\": \"3\", \"area_m2\": 70.0}'))['status'] == 400"),
    (5, "json.loads(serve('{\"rooms\": 3}'))['status'] == 400"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
