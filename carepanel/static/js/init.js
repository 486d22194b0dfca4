// Loaded as a module, so browsers too old for GOV.UK Frontend never run it and get the
// pages without JavaScript, which work. Paths are relative to this file under STATIC_URL.
import { initAll as initGovukFrontend } from "../govuk-frontend/govuk/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../moj-frontend/moj/moj-frontend.min.js";

initGovukFrontend();
initMojFrontend();
