// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
import { enhanceChoices } from './autocomplete.js'

initAll()
enhanceChoices()
