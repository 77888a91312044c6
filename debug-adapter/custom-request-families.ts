// Loads every family of custom requests (each file registers its commands on import). One line per view.
import './status-requests';
