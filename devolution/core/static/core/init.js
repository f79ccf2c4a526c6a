// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import { enhanceChoices } from './autocomplete.js'

// The choices first: they do not depend on the design system's scripts.
enhanceChoices()
initAll()
