// Choosing among many (organisations, places, partnerships): the accessible autocomplete
// of GOV.UK and NHS.UK services (alphagov/accessible-autocomplete) over a plain <select>
// the page writes with data-devolution-autocomplete (core/_form.jinja). Progressive
// enhancement only: without this script the select works as it is, and the select stays
// what the form sends, so the server sees the same fields either way.
//
// One choice: the component's own enhanceSelectElement. A choice of several: the
// component to find one, and the chosen ones listed below it, each with a button to
// remove it; no list box to Ctrl-click through.
import '../autocomplete/accessible-autocomplete.min.js'

const autocomplete = window.accessibleAutocomplete

function describedBy (select, input) {
  // The select's hint and error describe the field that replaces it.
  const own = select.getAttribute('aria-describedby')
  if (!own || !input) return
  const theirs = input.getAttribute('aria-describedby')
  input.setAttribute('aria-describedby', theirs ? `${own} ${theirs}` : own)
}

function optionText (option) {
  return option.textContent.trim()
}

// A choice of several may group its options (places by level, parties by kind): where
// two options share a name, the group's name after each tells them apart.
function choiceText (option, shared) {
  const group = option.parentElement
  const text = optionText(option)
  return shared.has(text) && group && group.tagName === 'OPTGROUP' ? `${text} (${group.label})` : text
}

function enhanceOne (select) {
  const id = select.id
  autocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    showAllValues: true,
    // Over the page, not in its flow: an inline menu closing as focus leaves would move
    // what was clicked (a chosen one's remove button) from under the pointer.
    displayMenu: 'overlay',
    dropdownArrow: () => '',
    inputClasses: 'nhsuk-input' + (select.classList.contains('nhsuk-select--error') ? ' nhsuk-input--error' : ''),
    tNoResults: () => 'No results found: try fewer letters'
  })
  const input = document.getElementById(id)
  describedBy(select, input)
  // A choice emptied or typed but not chosen: the select says so, rather than keeping
  // the last one chosen, so the form sends what the person sees.
  const form = select.form
  if (input && form) {
    form.addEventListener('submit', () => {
      const typed = input.value.trim()
      const match = Array.from(select.options).find((o) => optionText(o) === typed)
      if (match) {
        select.value = match.value
      } else if (Array.from(select.options).some((o) => o.value === '')) {
        select.value = ''
      }
    })
  }
}

function enhanceMany (select) {
  const id = select.id
  const label = document.querySelector(`label[for="${id}"]`)
  const noun = label ? label.textContent.replace(/\s*\(optional\)\s*$/, '').trim() : 'Chosen'
  select.id = `${id}-select`
  if (label) label.htmlFor = id
  select.hidden = true
  select.setAttribute('aria-hidden', 'true')
  select.tabIndex = -1
  select.classList.add('devolution-enhanced')
  // The hint written for the list box (how to choose several) no longer applies.
  for (const hint of document.querySelectorAll(`[data-devolution-no-js="${id}"]`)) hint.hidden = true

  const picker = document.createElement('div')
  picker.className = 'devolution-choose-many'
  const field = document.createElement('div')
  const chosenHeading = document.createElement('p')
  chosenHeading.className = 'nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-1'
  chosenHeading.id = `${id}-chosen-heading`
  const chosen = document.createElement('ul')
  chosen.className = 'nhsuk-list devolution-chosen'
  chosen.setAttribute('aria-labelledby', chosenHeading.id)
  const status = document.createElement('p')
  status.className = 'nhsuk-u-visually-hidden'
  status.setAttribute('role', 'status')
  picker.append(field, chosenHeading, chosen, status)
  select.after(picker)

  const options = () => Array.from(select.options)
  const seen = new Set()
  const shared = new Set()
  for (const option of options()) {
    const text = optionText(option)
    if (seen.has(text)) shared.add(text)
    seen.add(text)
  }
  let input = null

  function render () {
    const picked = options().filter((o) => o.selected)
    chosenHeading.textContent = picked.length ? `${noun}, chosen (${picked.length}):` : `${noun}: none chosen`
    chosen.replaceChildren(...picked.map((option) => {
      const item = document.createElement('li')
      item.className = 'devolution-chosen__item'
      const text = document.createElement('span')
      text.textContent = choiceText(option, shared)
      const remove = document.createElement('button')
      remove.type = 'button'
      remove.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small devolution-chosen__remove'
      remove.innerHTML = 'Remove<span class="nhsuk-u-visually-hidden"></span>'
      remove.lastChild.textContent = ` ${choiceText(option, shared)}`
      remove.addEventListener('click', () => {
        option.selected = false
        status.textContent = `${choiceText(option, shared)} removed`
        render()
        const next = chosen.querySelector('button')
        if (next) next.focus()
        else if (input) input.focus()
      })
      item.append(text, ' ', remove)
      return item
    }))
  }

  autocomplete({
    element: field,
    id,
    name: '',
    showAllValues: true,
    // Over the page, not in its flow: an inline menu closing as focus leaves would move
    // what was clicked (a chosen one's remove button) from under the pointer.
    displayMenu: 'overlay',
    confirmOnBlur: false,
    dropdownArrow: () => '',
    inputClasses: 'nhsuk-input' + (select.classList.contains('nhsuk-select--error') ? ' nhsuk-input--error' : ''),
    tNoResults: () => 'No results found: try fewer letters',
    source: (query, populate) => {
      const q = query.trim().toLowerCase()
      populate(options()
        .filter((o) => !o.selected && o.value !== '')
        .map((o) => choiceText(o, shared))
        .filter((text) => text.toLowerCase().includes(q)))
    },
    onConfirm: (text) => {
      if (!text) return
      const option = options().find((o) => !o.selected && choiceText(o, shared) === text)
      if (!option) return
      option.selected = true
      status.textContent = `${text} added`
      render()
      // Empty the box for the next choice, once the component has shown this one.
      window.setTimeout(() => { if (input) input.value = '' }, 0)
    }
  })
  input = document.getElementById(id)
  if (input) input.removeAttribute('name')
  describedBy(select, input)
  render()
}

export function enhanceChoices (root = document) {
  if (!autocomplete) return
  for (const select of root.querySelectorAll('select[data-devolution-autocomplete]')) {
    if (select.classList.contains('devolution-enhanced')) continue
    if (select.multiple) {
      enhanceMany(select)
    } else {
      select.classList.add('devolution-enhanced')
      enhanceOne(select)
    }
  }
}
