import MaintenanceCard from './components/maintenance-card';
import './style.scss';

/**
 * Maintenance has no tab: its card is shown on the Overview, composed by src/app (a feature never imports
 * another feature).
 */
export default MaintenanceCard;
