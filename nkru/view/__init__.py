"""The static HTML viewer (`nkru view`): pages drawn from the built corpus (site), annotations as
nested HTML elements (marks), and headless Chromium for its screenshot and browser tests
(browser). The site's stylesheet and script are in static/."""
