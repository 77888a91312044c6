// Loads every family of custom requests (each file registers its commands on import). One line per view.
import './memory-view-requests';
import './kernel-objects/kernel-object-requests';
import './time-travel-requests';
import './sequence-chart-requests';
import './status-requests';
