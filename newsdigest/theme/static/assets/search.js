// The search page: queries the Pagefind index built with the site, as the reader types or
// picks a filter. Every string shown comes from the page (so, in the site's language).
const form = document.querySelector("form.search");
const SHOWN = 20;

if (form) {
  const input = form.elements.q;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  let pagefind = null;
  let latest = 0;
  let timer = 0;
  form.hidden = false;

  const say = (key, n = 0) => {
    status.textContent = form.dataset[key].replace("{n}", n).replace("{shown}", SHOWN);
  };

  async function load() {
    if (!pagefind) {
      pagefind = await import(form.dataset.pagefind);
      await pagefind.options({ baseUrl: form.dataset.base });
      pagefind.init();
    }
    return pagefind;
  }

  function item(data) {
    const li = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: the page's own text, with <mark>
    li.append(heading, excerpt);
    return li;
  }

  async function run() {
    const mine = ++latest;
    const query = input.value.trim();
    const filters = {};
    for (const name of ["town", "topic", "author"]) {
      if (form.elements[name].value) filters[name] = form.elements[name].value;
    }
    const params = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + params.toString());
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    let found;
    try {
      const sort = form.elements.sort.value ? { date: "desc" } : undefined;
      found = await (await load()).search(query || null, { filters, sort });
    } catch (error) {
      say("failed");
      return;
    }
    const results = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (mine !== latest) return;
    list.replaceChildren(...results.map(item));
    const n = found.results.length;
    say(n === 0 ? "none" : n === 1 ? "one" : n > SHOWN ? "many" : "few", n);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) run();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  const given = new URLSearchParams(location.search);
  for (const [name, value] of given) {
    if (form.elements[name]) form.elements[name].value = value;
  }
  if (given.toString()) run();
}
