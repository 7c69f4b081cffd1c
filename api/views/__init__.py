"""The API's endpoints, thin: read with selectors, decide with the permission rules, act
through the services (:func:`api.actions.act`)."""
